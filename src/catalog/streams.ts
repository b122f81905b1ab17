/**
 * Routes each record to its stream's compiled mapper. Built once per sync from the catalog and
 * the config's mappings; fails (config_error) when a catalog stream has no mapping.
 */
import type { Mapping } from '../config/schema.js';
import { nearestName } from '../config/nearest-name.js';
import { ConfigError } from '../errors.js';
import { compileMapper } from '../mapping/mapper.js';
import { findMapping } from '../mapping/resolve.js';
import type { RecordMapper, StreamInfo } from '../mapping/types.js';
import { streamKey, streamLabel } from '../protocol/messages.js';
import type { ConfiguredCatalog } from './catalog.js';

export interface RoutedStream {
  readonly key: string;
  readonly info: StreamInfo;
  readonly mapping: Mapping;
  readonly mapper: RecordMapper;
}

export interface StreamRouterOptions {
  /**
   * The catalog was made from the command line (`send`, `preview --stream`), not read from a
   * file: messages then point at --stream, not at catalog entries. Default false.
   */
  syntheticCatalog?: boolean;
}

export class StreamRouter {
  readonly #streams = new Map<string, RoutedStream>();

  constructor(catalog: ConfiguredCatalog, mappings: readonly Mapping[], options: StreamRouterOptions = {}) {
    catalog.streams.forEach((configured, index) => {
      const { name, namespace } = configured.stream;
      const mapping = findMapping(mappings, name, namespace);
      if (mapping === undefined) throw noMapping(name, namespace, options.syntheticCatalog === true ? undefined : index, mappings);
      const info: StreamInfo = { name, namespace, primaryKey: configured.primary_key ?? undefined };
      const key = streamKey(name, namespace);
      this.#streams.set(key, { key, info, mapping, mapper: compileMapper(mapping, info) });
    });
  }

  /** The stream a record belongs to, or undefined when the catalog does not have it. */
  route(name: string, namespace: string | null | undefined): RoutedStream | undefined {
    return this.#streams.get(streamKey(name, namespace));
  }

  get size(): number {
    return this.#streams.size;
  }
}

/** No mapping serves a stream: say which mapping would. `index` is the catalog entry, if there is a catalog file. */
function noMapping(name: string, namespace: string | null | undefined, index: number | undefined, mappings: readonly Mapping[]): ConfigError {
  const label = streamLabel(name, namespace);
  const near = nearestName(name, new Set(mappings.map((m) => m.stream).filter((stream) => stream !== '*')));
  const suggestion = near === undefined ? '' : index === undefined ? ` Did you mean --stream ${near}?` : ` The config maps "${near}": did you mean that stream?`;
  const hasNamespace = namespace !== null && namespace !== undefined;
  const wanted = `"stream": "${name}"${hasNamespace ? `, "namespace": "${namespace}"` : ''}`;
  const message =
    index === undefined
      ? `No mapping serves stream "${label}" (${hasNamespace ? '--stream, --namespace' : '--stream'}); add a mapping with ${wanted} or a "*" mapping.`
      : `Stream "${label}" (catalog streams[${index}]) has no mapping. Add a mapping with ${wanted} (or a "*" mapping) to the config, or deselect the stream.`;
  return new ConfigError('STREAM_WITHOUT_MAPPING', `${message}${suggestion}`);
}
