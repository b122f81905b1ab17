/**
 * Routes each record to its stream's compiled mapper. Built once per sync from the catalog and
 * the config's mappings, before stdin is read; fails (config_error) when a catalog stream cannot
 * be served. A stream is served by
 * - the destination object its catalog entry names in `destination_object_name` (data
 *   activation; destination-objects.ts), which then must not also have a mapping of its own
 *   (a `"*"` mapping never serves it); or else
 * - the config mapping that serves its name and namespace (mapping/resolve.ts).
 * The `update` destination sync mode is for user and account properties only: an event, a user
 * deletion or an identify is never updated, only appended.
 */
import type { Mapping, SyncType } from '../config/schema.js';
import { nearestName } from '../config/nearest-name.js';
import { ConfigError } from '../errors.js';
import { compileMapper } from '../mapping/mapper.js';
import { compileObjectMapper } from '../mapping/object-mapper.js';
import { ANY_STREAM, findMapping } from '../mapping/resolve.js';
import type { RecordMapper, StreamInfo } from '../mapping/types.js';
import { streamKey, streamLabel } from '../protocol/messages.js';
import type { ConfiguredCatalog, ConfiguredStream } from './catalog.js';
import { destinationObject, listObjectNames, type DestinationObject } from './destination-objects.js';

export interface RoutedStream {
  readonly key: string;
  readonly info: StreamInfo;
  /** The config mapping serving the stream; undefined when a destination object does. */
  readonly mapping: Mapping | undefined;
  /** The destination object serving the stream (data activation); undefined when a mapping does. */
  readonly object: DestinationObject | undefined;
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
      const info: StreamInfo = { name, namespace, primaryKey: configured.primary_key ?? undefined };
      const key = streamKey(name, namespace);
      const objectName = configured.destination_object_name;
      if (objectName !== undefined && objectName !== null) {
        const object = objectFor(configured, objectName, mappings, index);
        this.#streams.set(key, { key, info, mapping: undefined, object, mapper: compileObjectMapper(object.name, info) });
        return;
      }
      const mapping = findMapping(mappings, name, namespace);
      if (mapping === undefined) throw noMapping(name, namespace, options.syntheticCatalog === true ? undefined : index, mappings);
      if (APPEND_ONLY[mapping.sync_type] !== undefined && configured.destination_sync_mode === 'update') {
        throw updateRefused(configured, index, mapping.sync_type, 'mapping');
      }
      this.#streams.set(key, { key, info, mapping, object: undefined, mapper: compileMapper(mapping, info) });
    });
  }

  /** The stream a record belongs to, or undefined when the catalog does not have it. */
  route(name: string, namespace: string | null | undefined): RoutedStream | undefined {
    return this.#streams.get(streamKey(name, namespace));
  }

  get size(): number {
    return this.#streams.size;
  }

  /** The kinds of Heap item the catalog's streams map to (a mapping's sync_type, or an object's name). */
  get syncTypes(): ReadonlySet<SyncType> {
    return new Set([...this.#streams.values()].map((routed) => routed.mapping?.sync_type ?? routed.object!.name));
  }
}

/** The destination object a catalog entry names, once it is known, unmapped and used with a sync mode it takes. */
function objectFor(configured: ConfiguredStream, objectName: string, mappings: readonly Mapping[], index: number): DestinationObject {
  const { name, namespace } = configured.stream;
  const where = `Stream "${streamLabel(name, namespace)}" (catalog streams[${index}])`;
  const object = destinationObject(objectName);
  if (object === undefined) {
    return fail(
      'UNKNOWN_DESTINATION_OBJECT',
      `${where} names destination_object_name ${JSON.stringify(objectName)}, which Heap destinations do not have; use ${listObjectNames()} (see discover).`,
    );
  }
  const own = findMapping(mappings, name, namespace);
  if (own !== undefined && own.stream !== ANY_STREAM) {
    const at = mappings.indexOf(own);
    return fail(
      'STREAM_MAPPED_TWICE',
      `${where} names destination_object_name "${object.name}" and also has a mapping of its own (mappings[${at}]); keep one: remove the mapping from the config, or clear the stream's destination object in the connection.`,
    );
  }
  if (!object.acceptedSyncModes.includes(configured.destination_sync_mode)) {
    if (configured.destination_sync_mode === 'update') throw updateRefused(configured, index, object.name, 'object');
    return fail(
      'SYNC_MODE_NOT_FOR_OBJECT',
      `${where} writes to "${object.name}" with destination sync mode "${configured.destination_sync_mode}"; "${object.name}" takes ${object.acceptedSyncModes.map((m) => `"${m}"`).join(', ')}.`,
    );
  }
  return object;
}

/** Why each kind of item that is only ever appended cannot be updated. */
const APPEND_ONLY: Partial<Record<SyncType, string>> = {
  events: 'Heap events are appended, never updated',
  user_deletions: 'each user deletion is one request to Heap, never an update',
  identify: 'each identify is one request to Heap, never an update',
};

function updateRefused(configured: ConfiguredStream, index: number, kind: SyncType, by: 'mapping' | 'object'): ConfigError {
  const { name, namespace } = configured.stream;
  const what = by === 'object' ? `writes to the "${kind}" object` : `has ${kind === 'events' ? 'an' : 'a'} ${kind} mapping`;
  return new ConfigError(
    'SYNC_MODE_UNSUPPORTED',
    `Stream "${streamLabel(name, namespace)}" (catalog streams[${index}]) ${what} with destination sync mode "update"; ${APPEND_ONLY[kind]}. Use "append" or "append_dedup" for ${kind} ("update" is for user_properties and account_properties).`,
  );
}

function fail(code: string, message: string): never {
  throw new ConfigError(code, message);
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
      : `Stream "${label}" (catalog streams[${index}]) has no mapping. Add a mapping with ${wanted} (or a "*" mapping) to the config, set the stream's destination_object_name (${listObjectNames()}), or deselect the stream.`;
  return new ConfigError('STREAM_WITHOUT_MAPPING', `${message}${suggestion}`);
}
