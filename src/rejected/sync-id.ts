/**
 * The SYNC_ID folder of kept records: the configured stream's `sync_id` (the host's job id), or,
 * for a catalog without one (a shell run), a run id made at start and named in the summary.
 */
import { randomBytes } from 'node:crypto';
import type { ConfiguredCatalog } from '../catalog/catalog.js';
import { streamKey } from '../protocol/messages.js';

/** `run-20261207T150607Z-3f9a2c`: sorts by start time, and two runs of one second differ. */
export function newRunId(now: number, random: () => Buffer = () => randomBytes(3)): string {
  const stamp = new Date(now).toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
  return `run-${stamp}-${random().toString('hex')}`;
}

/** Each catalog stream's sync id; streams without one (and records of no catalog stream) get the run id. */
export function syncIds(catalog: ConfiguredCatalog, runId: string): (stream: string, namespace: string | null | undefined) => string {
  const ids = catalogSyncIds(catalog);
  return (stream, namespace) => ids.get(streamKey(stream, namespace)) ?? runId;
}

/** Whether any stream of the catalog carries a sync id that names its folder (else the run id names them all). */
export function hasSyncId(catalog: ConfiguredCatalog): boolean {
  return catalogSyncIds(catalog).size > 0;
}

/** The sync ids the catalog's streams carry (a non-negative integer), by stream. */
function catalogSyncIds(catalog: ConfiguredCatalog): Map<string, string> {
  const ids = new Map<string, string>();
  for (const configured of catalog.streams) {
    const id = (configured as { sync_id?: unknown }).sync_id;
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) ids.set(streamKey(configured.stream.name, configured.stream.namespace), String(id));
  }
  return ids;
}
