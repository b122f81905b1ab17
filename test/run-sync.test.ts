import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
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

describe('runSync and a shutdown signal', () => {
  it('a signal that came before the run started stops it without reading any input', async () => {
    const shutdown = new AbortController();
    shutdown.abort('SIGTERM');
    const input = new PassThrough();
    input.write(`${record({ email: 'a' })}\n`);
    const posted: string[] = [];
    const outcome = await runSync(
      config('skip'),
      catalog,
      {
        input,
        writer: new MessageWriter(new PassThrough()),
        logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
        client: { post: async (_path, body) => (posted.push(String(body)), { kind: 'response', status: 200, body: '' }) },
        shutdown: shutdown.signal,
      },
      { ...DEFAULT_SYNC_SETTINGS, lingerMs: 1, progressIntervalMs: 60_000 },
    );
    expect(outcome).toMatchObject({ kind: 'interrupted', by: 'signal', complete: false });
    expect(outcome.report.totals.read).toBe(0);
    expect(posted).toEqual([]);
  });

  it('a signal while reading waits for room (Heap keeps answering 503) ends the run', async () => {
    const shutdown = new AbortController();
    const input = new PassThrough();
    for (let i = 0; i < 100; i++) input.write(`${record({ email: `user-${i}` })}\n`);
    let attempts = 0;
    const running = runSync(
      parseConfig({
        app_id: '1',
        batch_size: 10,
        max_concurrent_requests: 1,
        mappings: [{ stream: 'orders', sync_type: 'events', identity_field: 'email', event_name: 'Order Placed' }],
      }),
      catalog,
      {
        input,
        writer: new MessageWriter(new PassThrough()),
        logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
        client: { post: async () => (attempts++, { kind: 'response', status: 503, body: '' }) },
        shutdown: shutdown.signal,
      },
      { ...DEFAULT_SYNC_SETTINGS, lingerMs: 1, progressIntervalMs: 60_000 },
    );
    await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(2), { timeout: 5_000 });
    shutdown.abort('SIGTERM');
    const outcome = await running;
    expect(outcome).toMatchObject({ kind: 'interrupted', by: 'signal', complete: false });
    // Reading stopped at the room limit, batch_size x (max_concurrent_requests + 1) = 10 x 2.
    expect(outcome.report.totals.read).toBe(20);
  });
});

describe('runSync and states waiting for their records', () => {
  it('stops reading while 10,000 states wait behind a record Heap has not answered yet, and reads on once it is delivered', async () => {
    const input = new PassThrough();
    let answer: (() => void) | undefined;
    const running = runSync(
      config('skip'),
      catalog,
      {
        input,
        writer: new MessageWriter(new PassThrough().resume()),
        logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
        client: { post: () => new Promise((resolve) => (answer = () => resolve({ kind: 'response', status: 200, body: '' }))) },
        shutdown: new AbortController().signal,
      },
      { ...DEFAULT_SYNC_SETTINGS, lingerMs: 1, progressIntervalMs: 60_000 },
    );
    input.write(`${record({ email: 'a' })}\n`);
    const state = (n: number) => `${JSON.stringify({ type: 'STATE', state: { type: 'LEGACY', data: { n } } })}\n`;
    let offered = 0;
    while (offered < 30_000) {
      if (input.write(state(offered++))) continue;
      const drained = await Promise.race([once(input, 'drain').then(() => true), sleep(1_000).then(() => false)]);
      if (!drained) break;
    }
    expect(offered).toBeLessThan(30_000);
    answer?.();
    while (offered < 30_000) if (!input.write(state(offered++))) await once(input, 'drain');
    input.end();
    const outcome = await running;
    expect(outcome.kind).toBe('completed');
    expect(outcome.report.counters.statesEchoed).toBe(30_000);
  });
});

describe('runSync progress while retrying', () => {
  it('says why and where a batch is retried, and shows the recent rate (0 during the stall)', async () => {
    const lines: { rate: number; retryText: string | undefined }[] = [];
    let calls = 0;
    const refusedThenOk = async (): Promise<AttemptOutcome> => {
      calls += 1;
      return calls <= 2 ? { kind: 'response', status: 503, body: '' } : { kind: 'response', status: 200, body: '' };
    };
    const outcome = await runSync(
      config('skip'),
      catalog,
      {
        input: Readable.from([`${record({ email: 'a' })}\n`]),
        writer: new MessageWriter(new PassThrough()),
        logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
        client: { post: refusedThenOk },
        shutdown: new AbortController().signal,
        onProgress: (_current, rate, retryText) => lines.push({ rate, retryText }),
      },
      { ...DEFAULT_SYNC_SETTINGS, lingerMs: 1, progressIntervalMs: 50 },
    );
    expect(outcome.kind).toBe('completed');
    const retrying = lines.filter((l) => l.retryText !== undefined);
    expect(retrying.length).toBeGreaterThan(0);
    expect(retrying[0]!.retryText).toMatch(/^retrying after 503 from \/api\/track, next attempt in \d+ s$/);
    expect(retrying.every((l) => l.rate === 0)).toBe(true);
  });
});

describe('runSync on empty input', () => {
  it('says that no input was read', async () => {
    const infos: string[] = [];
    const outcome = await runSync(
      config('skip'),
      catalog,
      {
        input: Readable.from([]),
        writer: new MessageWriter(new PassThrough()),
        logger: { debug: () => {}, info: (message) => infos.push(message), warn: () => {}, error: () => {} },
        client: { post: async () => ({ kind: 'response', status: 200, body: '' }) },
        shutdown: new AbortController().signal,
      },
      { ...DEFAULT_SYNC_SETTINGS, lingerMs: 1, progressIntervalMs: 60_000 },
    );
    expect(outcome.kind).toBe('completed');
    expect(infos.filter((m) => m.startsWith('No input was read'))).toHaveLength(1);
  });

  it('says nothing of the kind when a line was read', async () => {
    const infos: string[] = [];
    await runSync(
      config('skip'),
      catalog,
      {
        input: Readable.from([`${record({ email: 'a' })}\n`]),
        writer: new MessageWriter(new PassThrough()),
        logger: { debug: () => {}, info: (message) => infos.push(message), warn: () => {}, error: () => {} },
        client: { post: async () => ({ kind: 'response', status: 200, body: '' }) },
        shutdown: new AbortController().signal,
      },
      { ...DEFAULT_SYNC_SETTINGS, lingerMs: 1, progressIntervalMs: 60_000 },
    );
    expect(infos.some((m) => m.startsWith('No input'))).toBe(false);
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
