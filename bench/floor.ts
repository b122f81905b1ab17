#!/usr/bin/env node
/**
 * The floor: the least any implementation of the connector must do with the benchmark's input,
 * run as its own node process on the same stdin. It splits the lines, JSON.parses each one,
 * builds each RECORD's Heap event minimally (identity, event name and timestamp read from known
 * fields, the record's data copied as properties) and JSON.stringifies them in bodies of 1000.
 * No validation, no flattening, no hashing, no HTTP, no state tracking.
 *
 * Prints one line: {"records":N,"bodies":B,"bytes":X} (the byte count keeps the work observable).
 */

const BATCH_SIZE = 1000;

interface EventData {
  event_type?: unknown;
  occurred_at?: unknown;
  user?: { email?: unknown };
}

let records = 0;
let bodies = 0;
let bytes = 0;
let batch: unknown[] = [];

const flush = () => {
  if (batch.length === 0) return;
  bytes += JSON.stringify({ app_id: '1234567890', events: batch }).length;
  bodies += 1;
  batch = [];
};

const handle = (line: string) => {
  if (line.length === 0) return;
  const message = JSON.parse(line) as { type?: string; record?: { data?: EventData & Record<string, unknown> } };
  if (message.type !== 'RECORD') return;
  const data = message.record?.data ?? {};
  records += 1;
  batch.push({ identity: data.user?.email, event: data.event_type, timestamp: data.occurred_at, properties: { ...data } });
  if (batch.length === BATCH_SIZE) flush();
};

process.stdin.setEncoding('utf8');
let pending = '';
for await (const chunk of process.stdin as AsyncIterable<string>) {
  const text = pending + chunk;
  let start = 0;
  for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
    handle(text.slice(start, newline));
    start = newline + 1;
  }
  pending = text.slice(start);
}
handle(pending);
flush();
process.stdout.write(`${JSON.stringify({ records, bodies, bytes })}\n`);
