#!/usr/bin/env node
/**
 * Micro-benchmark of the per-line hot path without I/O: `parseLine` then the events mapper
 * (`mapRecord`, which reads a line again exactly only when the mapping asks), over
 * the benchmark's typical input lines (bench/input.ts), held in memory. Two mappings: the
 * benchmark's own (idempotency key from `event_id`) and one keyed on the whole record.
 *
 *   node dist/bench/parse-map.js [--lines N] [--rounds R]
 *
 * Prints the median nanoseconds per line of each mapping over R rounds. On a shared, noisy machine
 * compare instruction counts instead: run `valgrind --tool=callgrind node --single-threaded
 * dist/bench/parse-map.js --lines 10000 --rounds R` with R = 1 and R = 2; the difference of the two
 * totals is one steady-state round (--single-threaded keeps JIT tiering and GC repeatable).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Mapping } from '../src/config/schema.js';
import { parseLine } from '../src/input/parse.js';
import { mapRecord } from '../src/mapping/map-record.js';
import { compileMapper } from '../src/mapping/mapper.js';
import type { RecordMapper } from '../src/mapping/types.js';
import { STREAM, writeInput } from './input.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '7' } } });
const records = Number(values.lines);
const rounds = Number(values.rounds);

const dir = mkdtempSync(join(tmpdir(), 'parse-map-'));
let lines: string[];
try {
  const file = writeInput(join(dir, 'input.jsonl'), { records, identities: 1000, stateEvery: records + 1 });
  lines = readFileSync(file.path, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"RECORD"'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const base = {
  stream: STREAM,
  sync_type: 'events',
  identity_field: 'user.email',
  event_name_field: 'event_type',
  timestamp_field: 'occurred_at',
};
const mappers: Record<string, RecordMapper> = {
  'key from event_id': compileMapper(
    Mapping.parse({
      ...base,
      idempotency_key_fields: ['event_id'],
      exclude_fields: ['session_id'],
      rename_fields: [{ from: 'user.plan', to: 'plan' }],
    }),
    { name: STREAM },
  ),
  'key from the whole record': compileMapper(Mapping.parse(base), { name: STREAM }),
};

let sink = 0;
function round(mapper: RecordMapper): number {
  const started = process.hrtime.bigint();
  for (const line of lines) {
    const parsed = parseLine(line);
    if (parsed.kind !== 'record') throw new Error('the input holds a line that is not a record');
    const result = mapRecord(mapper, parsed.message.record.data, line, parseLine);
    if (!result.ok) throw new Error(result.reason);
    sink += result.mapped.item.properties === undefined ? 0 : 1;
  }
  return Number(process.hrtime.bigint() - started) / lines.length;
}

const figures: Record<string, number> = {};
for (const [name, mapper] of Object.entries(mappers)) {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) times.push(round(mapper));
  times.sort((a, b) => a - b);
  figures[name] = Math.round(times[Math.floor(times.length / 2)]!);
}
console.log(JSON.stringify({ lines: lines.length, rounds, nsPerLine: figures, sink }));
