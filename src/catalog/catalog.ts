/**
 * The configured catalog: read, validated, and checked against the mappings before stdin is read.
 * Every configured stream must use a destination sync mode this connector offers; which stream
 * may use which (`update` is for property objects only) is settled when streams are routed
 * (streams.ts).
 */
import { z } from 'zod';
import { describeIssues, listProblems } from '../config/issues.js';
import { readJsonFile } from '../config/load.js';
import { ConfigError } from '../errors.js';

export const SUPPORTED_SYNC_MODES = ['append', 'append_dedup', 'update'] as const;

const ConfiguredStream = z.looseObject({
  stream: z.looseObject({
    name: z.string().min(1),
    namespace: z.string().nullish(),
  }),
  destination_sync_mode: z.string(),
  sync_mode: z.string().optional(),
  primary_key: z.array(z.array(z.string())).nullish(),
  /** Data activation: the destination object (discover) the stream writes to, instead of a config mapping. */
  destination_object_name: z.string().nullish(),
});

export const ConfiguredCatalog = z.looseObject({ streams: z.array(ConfiguredStream) });
export type ConfiguredCatalog = z.infer<typeof ConfiguredCatalog>;
export type ConfiguredStream = z.infer<typeof ConfiguredStream>;

export async function loadCatalog(path: string): Promise<ConfiguredCatalog> {
  return parseCatalog(await readJsonFile(path, 'catalog'));
}

export function parseCatalog(raw: unknown): ConfiguredCatalog {
  if (typeof raw === 'object' && raw !== null && !('streams' in raw) && ('app_id' in raw || 'mappings' in raw)) {
    throw new ConfigError(
      'CATALOG_IS_A_CONFIG',
      'The catalog looks like a config (it has "app_id" or "mappings" and no "streams"): pass it as --config FILE, and the configured catalog as --catalog FILE.',
    );
  }
  const result = ConfiguredCatalog.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw new ConfigError('CATALOG_INVALID', `The catalog is not valid: ${listProblems(describeIssues(result.error.issues))}`);
  }
  for (const [index, configured] of result.data.streams.entries()) {
    if (!(SUPPORTED_SYNC_MODES as readonly string[]).includes(configured.destination_sync_mode)) {
      throw new ConfigError(
        'SYNC_MODE_UNSUPPORTED',
        `Stream "${configured.stream.name}" (catalog streams[${index}]) uses destination sync mode "${configured.destination_sync_mode}"; Heap destinations support only ${SUPPORTED_SYNC_MODES.map((m) => `"${m}"`).join(', ')}. Change the stream's sync mode in the connection.`,
      );
    }
  }
  return result.data;
}
