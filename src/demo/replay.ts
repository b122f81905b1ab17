/**
 * The demo's replay of kept records, the loop of docs/heap.md ("Rejected records kept for replay"):
 * read the kept objects back from the bucket, fix one record in its kept line's text, feed every
 * kept line to `write` again, twice, and count what Heap holds before and after each run.
 */
import type { Sandbox } from '../sandbox/server.js';
import type { LoopbackS3 } from './loopback-s3.js';
import type { CliRun } from './report.js';
import { DEMO_FIX } from './sample-data.js';

export interface KeptObject {
  key: string;
  records: number;
}

/** A kept line's `rejection` object (src/rejected/kept-record.ts). */
export interface ShownRejection {
  reason: string;
  by: string;
  input_line: number;
}

export interface HeapCounts {
  events: number;
  /** Events of the fixed record (DEMO_FIX) in Heap. */
  fixedEvents: number;
  /** Re-sent events Heap dropped for their idempotency_key, since the sandbox started. */
  deduplicated: number;
}

export interface Replay {
  run: CliRun;
  before: HeapCounts;
  after: HeapCounts;
}

export interface KeptDemo {
  endpoint: string;
  bucket: string;
  /** The bucket's objects after the demo's write, with how many kept lines each holds. */
  objects: KeptObject[];
  /** The rejection of the record the demo fixes. */
  fixed: ShownRejection;
  replayedLines: number;
  replays: Replay[];
  /** Objects in the bucket after the replays: records rejected again are kept again. */
  objectsAfter: number;
}

type Write = (input: string) => Promise<CliRun>;

interface KeptLine {
  record: { stream: string; data: Record<string, unknown> };
  rejection: ShownRejection;
}

function heapCounts(sandbox: Sandbox): HeapCounts {
  return {
    events: sandbox.store.events.length,
    fixedEvents: sandbox.store.events.filter((e) => e.properties[DEMO_FIX.idField] === DEMO_FIX.id).length,
    deduplicated: sandbox.store.counters.eventsDeduplicated,
  };
}

/** Reads the kept lines back, fixes DEMO_FIX's line, and replays them all through `write`, twice. */
export async function replayKept(s3: LoopbackS3, sandbox: Sandbox, write: Write): Promise<KeptDemo> {
  const keys = await s3.keys();
  const perObject = await Promise.all(keys.map(async (key) => (await s3.text(key)).split('\n').filter((line) => line !== '')));
  const objects = keys.map((key, i) => ({ key, records: perObject[i]!.length }));
  const lines = perObject.flat();

  const at = lines.findIndex((line) => {
    const { record } = JSON.parse(line) as KeptLine;
    return record.stream === DEMO_FIX.stream && record.data[DEMO_FIX.idField] === DEMO_FIX.id;
  });
  if (at < 0) throw new Error(`the bucket holds no kept line of ${DEMO_FIX.stream} ${DEMO_FIX.idField} ${DEMO_FIX.id}`);
  const { reason, by, input_line } = (JSON.parse(lines[at]!) as KeptLine).rejection;
  // Edit the text, not a re-serialized value: the rest of the line stays exactly as received.
  const bad = `${JSON.stringify(DEMO_FIX.field)}:${JSON.stringify(DEMO_FIX.bad)}`;
  if (!lines[at]!.includes(bad)) throw new Error(`the kept line of ${DEMO_FIX.idField} ${DEMO_FIX.id} does not hold ${bad}`);
  lines[at] = lines[at]!.replace(bad, `${JSON.stringify(DEMO_FIX.field)}:${JSON.stringify(DEMO_FIX.fixed)}`);

  const input = `${lines.join('\n')}\n`;
  const replays: Replay[] = [];
  for (let i = 0; i < 2; i++) {
    const before = heapCounts(sandbox);
    const run = await write(input);
    replays.push({ run, before, after: heapCounts(sandbox) });
  }
  return {
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    objects,
    fixed: { reason, by, input_line },
    replayedLines: lines.length,
    replays,
    objectsAfter: (await s3.keys()).length,
  };
}
