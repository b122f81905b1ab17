/**
 * Stores of rejected records as the tests read them: a real S3-compatible server (s3rver) started
 * in-process on loopback for each test that needs one, and the kept parts of a local folder or a
 * bucket, read back as text and as parsed lines. Tests assert on what was stored, never on logs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll } from 'vitest';
import { startLoopbackS3, type LoopbackS3 } from '../../src/demo/loopback-s3.js';

// The SDK's one-time note that its 2027 releases need Node 22 would land in the test output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
import { freshDir } from './paths.js';
import { EMITTED_AT, type JsonObject } from './protocol.js';

export { S3_ACCESS_KEY_ID, S3_SECRET, s3Storage } from '../../src/demo/loopback-s3.js';

export type S3Server = Omit<LoopbackS3, 'close'>;

const stops: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** Starts s3rver on a free loopback port with one empty bucket (src/demo/loopback-s3.ts); closed after the test file. */
export async function useS3Server(bucket = 'kept-records'): Promise<S3Server> {
  const files = freshDir();
  const server = await startLoopbackS3(files.dir, bucket);
  stops.push(async () => {
    await server.close();
    files.remove();
  });
  return server;
}

/** Every file under `dir`, as paths relative to it (`/`-separated), sorted. */
export function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

export function readText(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** A kept part's lines, parsed (numbers as JSON.parse reads them; assert exact text on the raw lines). */
export function keptLines(text: string): KeptLine[] {
  expectLines(text);
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as KeptLine);
}

function expectLines(text: string): void {
  if (!text.endsWith('\n')) throw new Error('a kept part must end with a newline');
}

export interface KeptLine {
  type: string;
  record: { stream: string; namespace?: string; data: JsonObject; emitted_at: number };
  rejection: { reason: string; by: 'mapping' | 'heap'; input_line: number; rejected_at: string; connector_version: string };
}

/** `2026_12_07_1796656372084_0.jsonl`: the day, the epoch ms the part was opened, the part number. */
export const PART_FILE = /^(\d{4})_(\d{2})_(\d{2})_(\d{13})_(\d+)\.jsonl$/;

/** An `orders` RECORD line with `data` written as given (numbers keep their text), in `namespace` if set. */
export function ordersLine(data: string, namespace?: string): string {
  const ns = namespace === undefined ? '' : `,"namespace":"${namespace}"`;
  return `{"type":"RECORD","record":{"stream":"orders"${ns},"data":${data},"emitted_at":${EMITTED_AT}}}`;
}

/** Line 2 of `ordersInput`: no user_id, so the mapping rejects it. It holds a 20-digit integer and 1.0. */
export const REJECTED_BY_MAPPING = '{"seq":2,"big":12345678901234567891,"price":1.0}';
/** Line 4 of `ordersInput`: a value the sandbox refuses (`poisonValues: ["broken"]`), with the same numbers. */
export const REFUSED_BY_HEAP = '{"user_id":"bob","seq":4,"tag":"broken","big":12345678901234567892,"price":1.0}';

/** Six orders records, one rejected by the mapping (line 2) and one refused by Heap (line 4), then `state`. */
export function ordersInput(state: unknown, namespace?: string): string[] {
  return [
    ordersLine('{"user_id":"ann","seq":1,"big":12345678901234567890,"price":1.0}', namespace),
    ordersLine(REJECTED_BY_MAPPING, namespace),
    ordersLine('{"user_id":"cid","seq":3}', namespace),
    ordersLine(REFUSED_BY_HEAP, namespace),
    ordersLine('{"user_id":"dan","seq":5}', namespace),
    ordersLine('{"user_id":"eve","seq":6}', namespace),
    JSON.stringify(state),
  ];
}
