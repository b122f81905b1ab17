/**
 * `preview`: per record, the Heap endpoint and item that `write` would send, or why it would be
 * rejected; invalid lines by number; a last summary line. It never talks to Heap.
 *
 * The main run previews one input over a catalog of an events, a users and an accounts stream;
 * `write` of the same input goes to a second sandbox, and preview's items must equal what that
 * sandbox received.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import { runConnector, type ConnectorResult } from './harness/connector.js';
import { accountsMapping, eventsMapping, heapConfig, usersMapping } from './harness/config.js';
import { catalog, record, streamState } from './harness/protocol.js';
import { ACCOUNTS, accountProps, eventsOf, TRACK, USERS, userProps, useSandbox, type Sandbox } from './harness/sandbox.js';
import { parsePreview, runPreview, startShell, type PreviewOutput } from './harness/shell.js';

/** Record values that must never appear in a rejection. */
const SECRET_IDENTITY = 'secret-identity-7f3a';
const SECRET_TIMESTAMP = 'secret-timestamp-9c1d';

const mappings = [eventsMapping('clicks', { timestamp_field: 'clicked_at' }), usersMapping('people'), accountsMapping('companies')];
const threeStreams = catalog('clicks', 'people', 'companies');

// Line numbers are 1-based input lines (states and invalid lines count).
const input = [
  /* 1 */ record('clicks', { user_id: 'ann', seq: 1, clicked_at: '2024-03-01T10:00:00Z', page: '/pricing', ok: true }),
  /* 2 */ record('people', { user_id: 'bob', plan: 'pro', seats: 3 }),
  /* 3 */ 'this line is not JSON',
  /* 4 */ record('companies', { account_id: 'acme', tier: 'gold', address: { city: 'Oslo' } }),
  /* 5 */ record('clicks', { user_id: { nested: SECRET_IDENTITY }, seq: 2, clicked_at: '2024-03-01T11:00:00Z' }),
  /* 6 */ streamState('clicks', { cursor: 1 }),
  /* 7 */ record('clicks', { user_id: 4711, seq: 3, clicked_at: '2024-03-02', tags: ['a', 'b'] }),
  /* 8 */ record('clicks', { user_id: 'dan', seq: 4, clicked_at: SECRET_TIMESTAMP }),
  /* 9 */ ['a JSON array', 'not an object'],
  /* 10 */ record('people', { user_id: 'eve', profile: { city: 'Rome' }, admin: false }),
  /* 11 */ record('companies', { account_id: 99, tier: 'silver' }),
];
const RECORD_LINES = [1, 2, 4, 5, 7, 8, 10, 11];
const INVALID_LINES = [3, 9];

describe.concurrent('preview', () => {
  describe('--catalog on AirbyteMessages', () => {
    let previewSandbox: Sandbox;
    let writeSandbox: Sandbox;
    let result: ConnectorResult & { preview: PreviewOutput };
    let written: ConnectorResult;

    beforeAll(async () => {
      [previewSandbox, writeSandbox] = await Promise.all([useSandbox(), useSandbox()]);
      [result, written] = await Promise.all([
        runPreview({ config: heapConfig(previewSandbox, { mappings }), catalog: threeStreams, input }),
        runWrite({ config: heapConfig(writeSandbox, { mappings }), catalog: threeStreams, input }),
      ]);
    });

    const rejectedAt = (line: number) => result.preview.rejected.find((r) => r.line === line);

    it('exits 0', () => {
      expect(result.exitCode).toBe(0);
    });

    it('prints one line per record, in input order', () => {
      expect(result.preview.records.map((r) => r.line)).toEqual(RECORD_LINES);
    });

    it('names each record\'s stream and the Heap endpoint its item goes to', () => {
      expect(result.preview.mapped.map(({ line, stream, endpoint }) => ({ line, stream, endpoint }))).toEqual([
        { line: 1, stream: 'clicks', endpoint: TRACK },
        { line: 2, stream: 'people', endpoint: USERS },
        { line: 4, stream: 'companies', endpoint: ACCOUNTS },
        { line: 7, stream: 'clicks', endpoint: TRACK },
        { line: 10, stream: 'people', endpoint: USERS },
        { line: 11, stream: 'companies', endpoint: ACCOUNTS },
      ]);
    });

    it('the write run of the same input succeeded (the reference for the item comparisons)', () => {
      expectClean(written);
    });

    it('each event item equals the event write delivered: identity, name, timestamp, idempotency key, properties', () => {
      const previewed = result.preview.mapped.filter((m) => m.endpoint === TRACK).map((m) => m.item);
      const delivered = eventsOf(writeSandbox).map(({ app_id: _app, receivedAt: _at, ...event }) => event);
      const bySeq = (items: { properties?: unknown }[]) =>
        [...items].sort((a, b) => Number((a.properties as { seq: number }).seq) - Number((b.properties as { seq: number }).seq));
      expect(previewed).toHaveLength(2);
      expect(bySeq(previewed)).toEqual(bySeq(delivered));
    });

    it('each user item equals the user properties write upserted', () => {
      const previewed = result.preview.mapped.filter((m) => m.endpoint === USERS).map((m) => m.item);
      expect(previewed).toHaveLength(2);
      for (const item of previewed) {
        expect(item).toEqual({ identity: item.identity, properties: userProps(writeSandbox, String(item.identity)) });
      }
    });

    it('each account item equals the account properties write upserted', () => {
      const previewed = result.preview.mapped.filter((m) => m.endpoint === ACCOUNTS).map((m) => m.item);
      expect(previewed).toHaveLength(2);
      for (const item of previewed) {
        expect(item).toEqual({ account_id: item.account_id, properties: accountProps(writeSandbox, String(item.account_id)) });
      }
    });

    it('a record write would reject is reported as rejected, with a reason naming the identity field and not its value', () => {
      const rejected = rejectedAt(5);
      expect(rejected).toMatchObject({ line: 5, stream: 'clicks' });
      expect(rejected!.rejected).toContain('user_id');
      expect(JSON.stringify(result.preview.lines)).not.toContain(SECRET_IDENTITY);
    });

    it('a record with an unreadable timestamp is rejected with a reason naming the timestamp field and not its value', () => {
      const rejected = rejectedAt(8);
      expect(rejected).toMatchObject({ line: 8, stream: 'clicks' });
      expect(rejected!.rejected).toContain('clicked_at');
      expect(JSON.stringify(result.preview.lines)).not.toContain(SECRET_TIMESTAMP);
    });

    it('a rejected record carries no endpoint and no item', () => {
      for (const line of [5, 8]) {
        expect(result.preview.lines.find((l) => l.line === line)).toEqual({ line, stream: 'clicks', rejected: expect.any(String) });
      }
    });

    it('reports lines that are not records with their line numbers (not JSON, not a JSON object)', () => {
      expect(result.preview.invalid.map((i) => i.line)).toEqual(INVALID_LINES);
      for (const invalid of result.preview.invalid) expect(invalid.invalid).toEqual(expect.any(String));
    });

    it('ends with a summary of the counts', () => {
      expect(result.preview.summary).toEqual({ records: 8, mapped: 6, rejected: 2, invalid: 2 });
    });

    it('prints exactly one summary', () => {
      expect(result.preview.lines.filter((l) => 'summary' in l)).toHaveLength(1);
    });

    it('the sandbox receives no request at all', () => {
      expect(previewSandbox.store.requests).toEqual([]);
      expect(previewSandbox.store.counters.requests).toBe(0);
    });
  });

  describe('--limit N, with stdin left open', () => {
    let result: ConnectorResult;
    let preview: PreviewOutput;

    beforeAll(async () => {
      const sandbox = await useSandbox();
      const child = startShell(
        'preview',
        { config: heapConfig(sandbox, { mappings: [eventsMapping('clicks')] }), catalog: catalog('clicks'), args: ['--limit', '2'] },
        { timeoutMs: 20_000 },
      );
      await child.send(...[1, 2, 3, 4, 5].map((seq) => record('clicks', { user_id: `u${seq}`, seq })));
      // stdin is never ended: the run has to finish by itself after the second record.
      result = await child.done;
      preview = parsePreview(result.stdoutRaw);
    });

    it('stops after N records and exits 0 without waiting for the end of the input', () => {
      expect(result.exitCode).toBe(0);
    });

    it('prints only the first N records', () => {
      expect(preview.records.map((r) => r.line)).toEqual([1, 2]);
    });

    it('the summary counts only the N records', () => {
      expect(preview.summary).toEqual({ records: 2, mapped: 2, rejected: 0, invalid: 0 });
    });
  });

  it('SIGTERM while waiting for input stops the preview at once: exit 143 with the records seen so far', async () => {
    const sandbox = await useSandbox();
    const child = startShell(
      'preview',
      { config: heapConfig(sandbox, { mappings: [eventsMapping('clicks')] }), catalog: catalog('clicks') },
      { timeoutMs: 20_000 },
    );
    await child.send(record('clicks', { user_id: 'u1', seq: 1 }));
    // stdin stays open: once the first record is previewed, the preview is waiting for more input.
    await child.waitFor(() => child.rawOutput.includes('"line":1'), 'the first record previewed', 15_000);
    child.kill('SIGTERM');
    const result = await child.done;
    expect({ exitCode: result.exitCode, signal: result.signal }).toEqual({ exitCode: 143, signal: null });
    expect(parsePreview(result.stdoutRaw).summary).toEqual({ records: 1, mapped: 1, rejected: 0, invalid: 0 });
  });

  it('--stream NAME previews bare JSON objects as records of that stream', async () => {
    const sandbox = await useSandbox();
    const { exitCode, preview } = await runPreview({
      config: heapConfig(sandbox, { mappings: [usersMapping('people')] }),
      args: ['--stream', 'people'],
      input: [{ user_id: 'ann', plan: 'pro' }, { user_id: 'bob', seats: 2 }],
    });
    expect(exitCode).toBe(0);
    expect(preview.mapped).toEqual([
      { line: 1, stream: 'people', endpoint: USERS, item: { identity: 'ann', properties: { plan: 'pro' } } },
      { line: 2, stream: 'people', endpoint: USERS, item: { identity: 'bob', properties: { seats: 2 } } },
    ]);
    expect(preview.summary).toEqual({ records: 2, mapped: 2, rejected: 0, invalid: 0 });
    expect(sandbox.store.requests).toEqual([]);
  });

  it('a record of a stream not in the catalog is reported as rejected', async () => {
    const sandbox = await useSandbox();
    const { exitCode, preview } = await runPreview({
      config: heapConfig(sandbox, { mappings: [eventsMapping('clicks')] }),
      catalog: catalog('clicks'),
      input: [record('clicks', { user_id: 'ann' }), record('not_in_catalog', { user_id: 'bob' })],
    });
    expect(exitCode).toBe(0);
    expect(preview.rejected).toEqual([{ line: 2, stream: 'not_in_catalog', rejected: expect.any(String) }]);
    expect(preview.summary).toEqual({ records: 2, mapped: 1, rejected: 1, invalid: 0 });
  });

  it('a config with a missing field exits 1 with a message on stderr naming the field, and prints nothing on stdout', async () => {
    const sandbox = await useSandbox();
    const mapping = { stream: 'people', sync_type: 'user_properties' };
    const result = await runPreview({
      config: heapConfig(sandbox, { mappings: [mapping] }),
      args: ['--stream', 'people'],
      input: [{ user_id: 'ann' }],
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('mappings[0].identity_field');
    expect(result.stdoutRaw).toBe('');
    expect(sandbox.store.requests).toEqual([]);
  });

  it('--help exits 0 and prints the usage of preview', async () => {
    const result = await runConnector(['preview', '--help'], { rawStdout: true });
    expect(result.exitCode).toBe(0);
    expect(result.stdoutRaw).toContain('destination-heap preview');
    for (const option of ['--config', '--catalog', '--stream', '--limit']) expect(result.stdoutRaw).toContain(option);
  });
});
