import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../src/catalog/catalog.js';
import { parseConfig } from '../src/config/load.js';
import type { AttemptOutcome } from '../src/delivery/retry-policy.js';
import { RecordRejectedError } from '../src/errors.js';
import { MessageWriter } from '../src/output/writer.js';
import { DEFAULT_SYNC_SETTINGS, runSync, type SyncSettings } from '../src/sync/run-sync.js';

const PII = 'jane.doe@example.com';
const catalog = parseCatalog({ streams: [{ stream: { name: 'orders' }, destination_sync_mode: 'append' }] });
const config = (policy: 'skip' | 'fail') =>
  parseConfig({
    app_id: '1',
    invalid_record_policy: policy,
    mappings: [{ stream: 'orders', sync_type: 'events', identity_field: 'email', event_name: 'Order Placed' }],
  });
const record = (data: Record<string, unknown>) => JSON.stringify({ type: 'RECORD', record: { stream: 'orders', data, emitted_at: 1 } });

/** Runs a sync of `lines` against a Heap that answers every request with `answer`. */
async function sync(lines: string[], options: { policy?: 'skip' | 'fail'; answer?: AttemptOutcome; settings?: Partial<SyncSettings> } = {}) {
  const warnings: string[] = [];
  const answer = options.answer ?? { kind: 'response', status: 200, body: '' };
  const outcome = await runSync(
    config(options.policy ?? 'skip'),
    catalog,
    {
      input: Readable.from(lines.map((line) => `${line}\n`)),
      writer: new MessageWriter(new PassThrough()),
      logger: { debug: () => {}, info: () => {}, warn: (message) => warnings.push(message), error: () => {} },
      client: { post: async () => answer },
      shutdown: new AbortController().signal,
    },
    { ...DEFAULT_SYNC_SETTINGS, lingerMs: 1, progressIntervalMs: 60_000, ...options.settings },
  );
  return { outcome, warnings };
}

describe('runSync with invalid_record_policy "fail"', () => {
  it('fails on a record the mapping rejects, naming the stream, the line and the field, and not calling it undelivered', async () => {
    const { outcome } = await sync([record({ email: PII }), record({ name: PII })], { policy: 'fail' });
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.error).toBeInstanceOf(RecordRejectedError);
    expect(outcome.error.message).toContain('"orders"');
    expect(outcome.error.message).toContain('line 2');
    expect(outcome.error.message).toContain('identity_field "email"');
    expect(outcome.error.message).not.toContain('deliver');
    expect(outcome.error.message).not.toContain('Heap');
    expect(outcome.error.message).not.toContain(PII);
  });

  it('fails on a record Heap refuses alone, saying Heap refused it, with the status', async () => {
    const refused: AttemptOutcome = { kind: 'response', status: 400, body: '{"error":"invalid property"}' };
    const { outcome } = await sync([record({ email: PII })], { policy: 'fail', answer: refused });
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.error).toBeInstanceOf(RecordRejectedError);
    expect(outcome.error.message).toContain('line 1');
    expect(outcome.error.message).toContain('refused by Heap');
    expect(outcome.error.message).toContain('HTTP 400');
    expect(outcome.error.message).not.toContain(PII);
  });
});

describe('runSync with an input line over the limit', () => {
  it('warns naming the line and the limit, and goes on', async () => {
    const { outcome, warnings } = await sync([record({ email: 'a' }), record({ email: 'b', pad: 'x'.repeat(200) })], { settings: { maxLineLength: 150 } });
    expect(outcome.kind).toBe('completed');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('line 2');
    expect(warnings[0]).toContain('150 characters');
  });
});

describe('runSync with invalid STATEs and numbers that overflow a double', () => {
  it('drops and counts each invalid state with a WARN naming its line, never its values; counts overflowing numbers', async () => {
    const secret = 'cursor-9f8e7d';
    const lines = [
      `{"type":"RECORD","record":{"stream":"orders","data":{"email":"a","big":1e400},"emitted_at":1}}`,
      JSON.stringify({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { namespace: secret } } } }),
      JSON.stringify({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 'orders' } }, sourceStats: { recordCount: secret } } }),
      JSON.stringify({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 'orders' } } } }),
    ];
    const { outcome, warnings } = await sync(lines);
    expect(outcome.kind).toBe('completed');
    expect(outcome.report.counters).toMatchObject({ invalidStates: 2, invalidLines: 0, statesRead: 1, statesEchoed: 1, overflowingNumbers: 1 });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('line 2');
    expect(warnings[0]).toContain('name');
    expect(warnings[1]).toContain('line 3');
    expect(warnings[1]).toContain('recordCount');
    expect(warnings.join('\n')).not.toContain(secret);
  });
});
