import { describe, expect, it } from 'vitest';
import type { ConfiguredCatalog } from '../../src/catalog/catalog.js';
import { hasSyncId, newRunId, syncIds } from '../../src/rejected/sync-id.js';

const catalog = (...streams: Array<{ name: string; namespace?: string; sync_id?: unknown }>): ConfiguredCatalog =>
  ({
    streams: streams.map(({ name, namespace, sync_id }) => ({
      stream: { name, namespace, json_schema: {}, supported_sync_modes: ['full_refresh'] },
      sync_mode: 'full_refresh',
      destination_sync_mode: 'append',
      ...(sync_id === undefined ? {} : { sync_id }),
    })),
  }) as unknown as ConfiguredCatalog;

describe('the SYNC_ID folder of kept records', () => {
  it("is each stream's sync_id, else the run id", () => {
    const idOf = syncIds(catalog({ name: 'a', sync_id: 42 }, { name: 'b', namespace: 'n', sync_id: 7 }, { name: 'c' }), 'run-x');
    expect([idOf('a', undefined), idOf('b', 'n'), idOf('b', undefined), idOf('c', null), idOf('unknown', undefined)]).toEqual(['42', '7', 'run-x', 'run-x', 'run-x']);
  });

  it('says the catalog has a sync id exactly when some stream folder is named by one', () => {
    expect(hasSyncId(catalog({ name: 'a', sync_id: 42 }))).toBe(true);
    for (const sync_id of [-1, 1.5, '42', 2 ** 60]) {
      const withBad = catalog({ name: 'a', sync_id });
      expect(hasSyncId(withBad)).toBe(false);
      expect(syncIds(withBad, 'run-x')('a', undefined)).toBe('run-x');
    }
  });

  it('makes run ids that sort by start time', () => {
    expect(newRunId(Date.UTC(2026, 11, 7, 15, 6, 7), () => Buffer.from([0x3f, 0x9a, 0x2c]))).toBe('run-20261207T150607Z-3f9a2c');
  });
});
