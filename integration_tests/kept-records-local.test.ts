/**
 * Contract §11 with a local store: each rejected record (by the mapping or by Heap) is kept as a
 * RECORD message plus its rejection, data exactly as received, under
 * PATH/SYNC_ID/NAMESPACE/STREAM/DATE_TIMESTAMP_PART.jsonl; a state is echoed only once the
 * records rejected in its window are stored; the kept lines replay through `write` (and `preview`)
 * as they are, and a replay never doubles an event.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { expectClean, expectFatal } from './harness/checks.js';
import { runCheck, runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { filesUnder, keptLines, ordersInput, PART_FILE, readText, REFUSED_BY_HEAP, REJECTED_BY_MAPPING } from './harness/kept-store.js';
import { writableDir } from './harness/paths.js';
import { catalog, configuredStream, echoOf, EMITTED_AT, record, streamState } from './harness/protocol.js';
import { runPreview, runSend } from './harness/shell.js';
import { eventsOf, useSandbox, type Sandbox } from './harness/sandbox.js';

const folders: Array<() => void> = [];
afterAll(() => folders.splice(0).forEach((remove) => remove()));
/** A folder for a store of rejected records (writable by the connector, also inside the image). */
function folder(): string {
  const { dir, remove } = writableDir();
  folders.push(remove);
  return dir;
}

const ordersState = streamState('orders', { cursor: 4 }, { namespace: 'shop' });
const input = ordersInput(ordersState, 'shop');
const SYNC_ID = 987;
const ordersCatalog = catalog({ ...configuredStream('orders', { namespace: 'shop' }), sync_id: SYNC_ID });
const mappings = [eventsMapping('orders', { namespace: 'shop' })];

describe.concurrent('rejected records kept in a local folder', () => {
  let dir: string;
  let result: ConnectorResult;
  let files: string[];
  beforeAll(async () => {
    dir = folder();
    const sandbox = await useSandbox({ faults: { poisonValues: ['broken'] } });
    const config = heapConfig(sandbox, { mappings, object_storage_config: { storage_type: 'Local', path: dir } });
    result = await runWrite({ config, catalog: ordersCatalog, input });
    files = filesUnder(dir);
  });

  it('ends clean and echoes the state with both rejections counted', () => {
    expectClean(result);
    expect(result.states).toEqual([echoOf(ordersState, 4, 2)]);
  });

  it('lays the parts out as SYNC_ID/NAMESPACE/STREAM/DATE_TIMESTAMP_PART.jsonl, with the catalog sync_id', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const [syncId, namespace, stream, name, ...rest] = file.split('/');
      expect(rest).toEqual([]);
      expect([syncId, namespace, stream]).toEqual([String(SYNC_ID), 'shop', 'orders']);
      const match = PART_FILE.exec(name!);
      expect(match, name).not.toBeNull();
      const [, year, month, day, stamp] = match!;
      expect(new Date(Number(stamp)).toISOString().slice(0, 10)).toBe(`${year}-${month}-${day}`);
    }
  });

  it('keeps each rejected record as a RECORD message plus its rejection, by the mapping and by Heap', () => {
    const kept = files.flatMap((file) => keptLines(readText(dir, file)));
    expect(kept.map((k) => [k.type, k.record.stream, k.record.namespace, k.record.emitted_at, k.rejection.by, k.rejection.input_line])).toEqual([
      ['RECORD', 'orders', 'shop', EMITTED_AT, 'mapping', 2],
      ['RECORD', 'orders', 'shop', EMITTED_AT, 'heap', 4],
    ]);
    for (const k of kept) {
      expect(k.rejection.connector_version).toBe(pkg.version);
      expect(new Date(k.rejection.rejected_at).toISOString()).toBe(k.rejection.rejected_at);
      expect(k.rejection.reason.length).toBeGreaterThan(0);
    }
  });

  it('keeps data exactly as received: a 20-digit integer and 1.0 as written', () => {
    const text = files.map((file) => readText(dir, file)).join('');
    expect(text).toContain(`"data":${REJECTED_BY_MAPPING}`);
    expect(text).toContain(`"data":${REFUSED_BY_HEAP}`);
  });

  it('names each part written in a LOG line, and no record value in any', () => {
    const logs = result.logs.map((log) => log.message).join('\n');
    for (const file of files) expect(logs).toContain(join(dir, ...file.split('/')));
    expect(logs).not.toContain('12345678901234567891');
    expect(logs).not.toContain('broken');
  });
});

describe.concurrent('replaying kept records', () => {
  let kept: string[];
  let original: Sandbox;
  beforeAll(async () => {
    const dir = folder();
    const refusing = await useSandbox({ faults: { poisonValues: ['broken'] } });
    const config = heapConfig(refusing, { mappings, object_storage_config: { storage_type: 'Local', path: dir } });
    expectClean(await runWrite({ config, catalog: ordersCatalog, input }));
    kept = filesUnder(dir).flatMap((file) => readText(dir, file).trimEnd().split('\n'));
    // The same input where Heap refuses nothing: the keys the events had when they got through.
    original = await useSandbox();
    expectClean(await runWrite({ config: heapConfig(original, { mappings }), catalog: ordersCatalog, input }));
  });

  it('sends the fixed records through write as they are, once, however often replayed', async () => {
    const sandbox = await useSandbox();
    // The fix: the record without an identity gets one; Heap no longer refuses the other.
    const fixed = kept.map((k) => k.replace('"data":{"seq":2,', '"data":{"user_id":"fay","seq":2,'));
    const replay = [...fixed, JSON.stringify(ordersState)];
    const config = heapConfig(sandbox, { mappings });
    for (let run = 0; run < 2; run++) {
      const result = await runWrite({ config, catalog: ordersCatalog, input: replay });
      expectClean(result);
      expect(result.states).toEqual([echoOf(ordersState, 2, 0)]);
    }
    const events = eventsOf(sandbox);
    expect(events.map((e) => e.properties.seq).sort()).toEqual([2, 4]);
    // The refused record keeps the idempotency key it would have had: a replay never doubles it.
    const key = (s: Sandbox) => eventsOf(s).find((e) => e.properties.seq === 4)?.idempotency_key;
    expect(key(sandbox)).toBeDefined();
    expect(key(sandbox)).toBe(key(original));
    expect(events.find((e) => e.properties.seq === 4)?.properties.big).toBe('12345678901234567892');
  });

  it('reads the kept lines in preview too (the rejection field ignored)', async () => {
    const sandbox = await useSandbox();
    const { preview, exitCode } = await runPreview({ config: heapConfig(sandbox, { mappings }), catalog: ordersCatalog, input: kept });
    expect(exitCode).toBe(0);
    expect(preview.invalid).toEqual([]);
    expect(preview.rejected.map((r) => r.line)).toEqual([1]);
    expect(preview.mapped.map((m) => m.item.properties)).toEqual([expect.objectContaining({ seq: 4, big: '12345678901234567892' })]);
  });
});

describe.concurrent('a local store that cannot be written', () => {
  const first = streamState('orders', { cursor: 1 }, { namespace: 'shop' });
  const second = streamState('orders', { cursor: 2 }, { namespace: 'shop' });
  const third = streamState('orders', { cursor: 3 }, { namespace: 'shop' });
  let result: ConnectorResult;
  let sandbox: Sandbox;
  beforeAll(async () => {
    // The folder's path is a file: nothing can be created under it.
    const blocked = join(folder(), 'a-file');
    writeFileSync(blocked, 'not a folder');
    sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings, object_storage_config: { storage_type: 'Local', path: join(blocked, 'kept') } });
    const lines = [
      record('orders', { user_id: 'ann', seq: 1 }, { namespace: 'shop' }),
      first,
      record('orders', { seq: 2 }, { namespace: 'shop' }),
      second,
      record('orders', { user_id: 'cid', seq: 3 }, { namespace: 'shop' }),
      third,
    ];
    result = await runWrite({ config, catalog: ordersCatalog, input: lines });
  });

  it('fails the sync with a system_error', () => {
    expectFatal(result, 'system_error');
  });

  it('echoes no state past the first record not stored', () => {
    expect(result.states).toEqual([echoOf(first, 1)]);
  });
});

describe.concurrent('check with a local store', () => {
  it('succeeds when the folder can be written, and leaves nothing in it', async () => {
    const sandbox = await useSandbox();
    const dir = folder();
    const result = await runCheck(heapConfig(sandbox, { object_storage_config: { storage_type: 'Local', path: join(dir, 'kept') } }));
    expect(result.connectionStatus?.status).toBe('SUCCEEDED');
    expect(filesUnder(dir)).toEqual([]);
  });

  it('fails naming the folder when it cannot be created', async () => {
    const sandbox = await useSandbox();
    const blocked = join(folder(), 'a-file');
    writeFileSync(blocked, 'not a folder');
    const path = join(blocked, 'kept');
    const result = await runCheck(heapConfig(sandbox, { object_storage_config: { storage_type: 'Local', path } }));
    expect(result.exitCode).toBe(0);
    expect(result.connectionStatus?.status).toBe('FAILED');
    expect(result.connectionStatus?.message).toContain(path);
  });
});

describe.concurrent('send (bare JSON objects) with a local store', () => {
  it('keeps a rejected object as a RECORD message of the named stream, its data as the line was written', async () => {
    const dir = folder();
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('orders')], object_storage_config: { storage_type: 'Local', path: dir } });
    const bad = '{"seq":2,"big":12345678901234567891,"price":1.0}';
    const result = await runSend({ config, args: ['--stream', 'orders'], input: ['{"user_id":"ann","seq":1}', bad] });
    expect(result.exitCode).toBe(3);
    const files = filesUnder(dir);
    expect(files).toHaveLength(1);
    expect(files[0]!.split('/').slice(1, 2)).toEqual(['orders']);
    const text = readText(dir, files[0]!);
    expect(text).toContain(`"data":${bad}`);
    expect(keptLines(text).map((k) => [k.type, k.record.stream, k.record.namespace, k.rejection.by, k.rejection.input_line])).toEqual([['RECORD', 'orders', undefined, 'mapping', 2]]);
  });
});
