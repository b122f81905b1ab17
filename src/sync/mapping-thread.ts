/**
 * The mapping thread's entry (started by mapped-lines.ts with a MappingThreadSetup). It takes
 * the input's bytes, chunk by chunk as stdin gave them, splits them into lines (lines.ts), and
 * maps each line (map-line.ts). The outcomes go back in input order, packed (outcome-batch.ts):
 * those of every chunk taken so far, with how many chunks that is, so the main thread knows how much of what
 * it sent is done. A `null` message is the end of input; `{ ended: true }` answers it after the
 * last outcomes.
 */
import { PassThrough } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { readLines, type Line } from '../input/lines.js';
import { lineMapper, OVERLONG } from './map-line.js';
import type { MappingThreadSetup, ThreadAnswer } from './mapped-lines.js';
import { OutcomePacker } from './outcome-batch.js';

const setup = workerData as MappingThreadSetup;
const port = parentPort!;
const mapLine = lineMapper(setup);

const outcomes = new OutcomePacker();
let chunksTaken = 0;
let answerScheduled = false;

const answer = () => {
  answerScheduled = false;
  if (outcomes.length === 0 && chunksTaken === 0) return;
  port.postMessage({ outcomes: outcomes.take(), chunksTaken } satisfies ThreadAnswer);
  chunksTaken = 0;
};

const input = new PassThrough();
const lines = readLines(input, {
  maxLineLength: setup.maxLineLength,
  onOverlong: (number) => outcomes.add(number, 0, OVERLONG),
});
lines.on('data', (line: Line) => outcomes.add(line.number, line.text.length, mapLine(line.text)));
lines.on('end', () => {
  answer();
  port.postMessage({ ended: true } satisfies ThreadAnswer);
});

port.on('message', (chunk: Uint8Array | null) => {
  if (chunk === null) {
    input.end();
    return;
  }
  input.write(chunk);
  chunksTaken += 1;
  // The chunk's lines are split and mapped before the event loop's next turn.
  if (!answerScheduled) {
    answerScheduled = true;
    setImmediate(answer);
  }
});
