/**
 * Contract §11 with S3: rejected records kept in an S3-compatible store (s3rver, a real server on
 * loopback started by the test, addressed path-style through s3_endpoint), as objects under
 * BUCKET_PATH/SYNC_ID/NAMESPACE/STREAM/DATE_TIMESTAMP_PART.jsonl; a store that is down fails the
 * sync with no state past the first record not stored; `check` proves the store; the store's
 * credentials never appear in any output.
 */
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { runCheck, runWrite, startWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { keptLines, ordersInput, PART_FILE, REFUSED_BY_HEAP, REJECTED_BY_MAPPING, S3_SECRET, s3Storage, useS3Server, type S3Server } from './harness/kept-store.js';
import { catalog, echoOf, record, streamState } from './harness/protocol.js';
import { closedLoopbackPort, useSandbox } from './harness/sandbox.js';

const ordersState = streamState('orders', { cursor: 4 });
const input = ordersInput(ordersState);
const mappings = [eventsMapping('orders')];

/** A secret no server accepts, to look for in every output when the store is down. */
const MARKER_SECRET = 'kept-records-secret-7f3a9c1e';
const MARKER_KEY_ID = 'AKIAKEPTRECORDSMARKER';

function expectNoCredentials(result: ConnectorResult, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(result.stdoutRaw).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
}

describe.concurrent('rejected records kept in S3', () => {
  let server: S3Server;
  let result: ConnectorResult;
  let keys: string[];
  beforeAll(async () => {
    server = await useS3Server();
    const sandbox = await useSandbox({ faults: { poisonValues: ['broken'] } });
    const config = heapConfig(sandbox, { mappings, object_storage_config: s3Storage(server) });
    result = await runWrite({ config, catalog: catalog('orders'), input });
    keys = await server.keys();
  });

  it('ends clean and echoes the state with both rejections counted', () => {
    expectClean(result);
    expect(result.states).toEqual([echoOf(ordersState, 4, 2)]);
  });

  it('writes objects under BUCKET_PATH/RUN_ID/STREAM/ when the catalog has no sync_id, and names the run id in the summary', () => {
    expect(keys.length).toBeGreaterThan(0);
    const runIds = new Set<string>();
    for (const key of keys) {
      const [a, b, runId, stream, name, ...rest] = key.split('/');
      expect(rest).toEqual([]);
      expect([a, b, stream]).toEqual(['heap', 'rejected', 'orders']);
      expect(PART_FILE.test(name!), name).toBe(true);
      runIds.add(runId!);
    }
    expect(runIds.size).toBe(1);
    expect(result.logs.some((log) => log.message.includes([...runIds][0]!))).toBe(true);
  });

  it('keeps both records, data exactly as received', async () => {
    const texts = await Promise.all(keys.map((key) => server.text(key)));
    const kept = texts.flatMap((text) => keptLines(text));
    expect(kept.map((k) => [k.record.stream, k.record.namespace, k.rejection.by, k.rejection.input_line]).sort()).toEqual([
      ['orders', undefined, 'heap', 4],
      ['orders', undefined, 'mapping', 2],
    ]);
    const all = texts.join('');
    expect(all).toContain(`"data":${REJECTED_BY_MAPPING}`);
    expect(all).toContain(`"data":${REFUSED_BY_HEAP}`);
  });

  it('names each object in a LOG line, and never the credentials', () => {
    const logs = result.logs.map((log) => log.message).join('\n');
    for (const key of keys) expect(logs).toContain(`s3://${server.bucket}/${key}`);
    expectNoCredentials(result, S3_SECRET);
  });
});

describe.concurrent('an S3 store that is down', () => {
  const first = streamState('orders', { cursor: 1 });
  const second = streamState('orders', { cursor: 2 });
  const third = streamState('orders', { cursor: 3 });
  let result: ConnectorResult;
  beforeAll(async () => {
    const sandbox = await useSandbox();
    const endpoint = `http://127.0.0.1:${await closedLoopbackPort()}`;
    const storage = s3Storage({ endpoint, bucket: 'kept' }, { access_key_id: MARKER_KEY_ID, secret_access_key: MARKER_SECRET });
    const lines = [
      record('orders', { user_id: 'ann', seq: 1 }),
      first,
      record('orders', { seq: 2 }),
      second,
      record('orders', { user_id: 'cid', seq: 3 }),
      third,
    ];
    result = await runWrite({ config: heapConfig(sandbox, { mappings, object_storage_config: storage }), catalog: catalog('orders'), input: lines });
  });

  it('fails the sync with a system_error', () => {
    expectFatal(result, 'system_error');
  });

  it('echoes no state past the first record not stored', () => {
    expect(result.states).toEqual([echoOf(first, 1)]);
  });

  it('never prints the access key ID or its secret', () => {
    expectNoCredentials(result, MARKER_KEY_ID, MARKER_SECRET);
  });
});

describe.concurrent('check with an S3 store', () => {
  it('succeeds when a probe object can be written and removed, and leaves no object behind', async () => {
    const [sandbox, server] = await Promise.all([useSandbox(), useS3Server()]);
    const result = await runCheck(heapConfig(sandbox, { object_storage_config: s3Storage(server) }));
    expect(result.connectionStatus?.status).toBe('SUCCEEDED');
    expect(await server.keys()).toEqual([]);
  });

  it('fails naming the bucket when it does not exist', async () => {
    const [sandbox, server] = await Promise.all([useSandbox(), useS3Server()]);
    const result = await runCheck(heapConfig(sandbox, { object_storage_config: s3Storage(server, { s3_bucket_name: 'no-such-bucket' }) }));
    expect(result.exitCode).toBe(0);
    expect(result.connectionStatus?.status).toBe('FAILED');
    expect(result.connectionStatus?.message).toContain('no-such-bucket');
  });

  it('fails when nothing listens at the endpoint, without printing the credentials', async () => {
    const sandbox = await useSandbox();
    const endpoint = `http://127.0.0.1:${await closedLoopbackPort()}`;
    const storage = s3Storage({ endpoint, bucket: 'kept' }, { access_key_id: MARKER_KEY_ID, secret_access_key: MARKER_SECRET });
    const result = await runCheck(heapConfig(sandbox, { object_storage_config: storage }));
    expect(result.connectionStatus?.status).toBe('FAILED');
    expect(result.connectionStatus?.message).toContain(endpoint.replace('http://', ''));
    expectNoCredentials(result, MARKER_KEY_ID, MARKER_SECRET);
  });

  it('refuses a config whose store misses its secret, without printing the key ID', async () => {
    const sandbox = await useSandbox();
    const storage = s3Storage({ endpoint: 'http://127.0.0.1:9', bucket: 'kept' }, { access_key_id: MARKER_KEY_ID, secret_access_key: '' });
    const result = await runCheck(heapConfig(sandbox, { object_storage_config: storage }));
    expect(result.connectionStatus?.status).toBe('FAILED');
    expect(result.connectionStatus?.message).toContain('secret_access_key');
    expectNoCredentials(result, MARKER_KEY_ID);
  });
});

describe.concurrent('an S3 store that accepts connections and never answers', () => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => sockets.add(socket));
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    silent.close();
  });

  it('holds the state after the unstored record, and SIGTERM still ends the sync with 143 within the grace period + 2 s', async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const sandbox = await useSandbox();
    const storage = s3Storage({ endpoint: `http://127.0.0.1:${port}`, bucket: 'kept' });
    const first = streamState('orders', { cursor: 1 });
    const second = streamState('orders', { cursor: 2 });
    const child = startWrite({ config: heapConfig(sandbox, { mappings, object_storage_config: storage }), catalog: catalog('orders') });
    await child.send(record('orders', { user_id: 'ann', seq: 1 }), first, record('orders', { seq: 2 }), second);
    await child.waitForStates(1);
    // The store has the upload and says nothing: the second state waits for it.
    await expect(child.waitForStates(2, 2_500)).rejects.toThrow(/timed out/);
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const result = await child.done;
    expect(result.exitCode).toBe(143);
    expect(Date.now() - signalledAt).toBeLessThan(5_000 + 2_000);
    expect(result.states).toEqual([echoOf(first, 1)]);
  }, 30_000);
});
