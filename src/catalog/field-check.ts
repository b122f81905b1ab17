/**
 * Mapped fields checked against the catalog before stdin is read. A misspelt identity field
 * (`user.mail` for `user.email`) would otherwise reject every record of the stream while the sync
 * ends "successfully" and its state moves past rows that never reached Heap.
 *
 * - identity, account id, event name, timestamp and idempotency key fields that the stream's
 *   `json_schema` does not declare: a config error (every or most records would be rejected or
 *   keyed wrongly);
 * - include, exclude and rename fields: a warning (the sync still delivers, with other properties).
 *
 * Checked only where the schema declares properties (src/catalog/declared-fields.ts); a `"*"`
 * mapping is checked against every stream it serves. `check_fields_against_catalog: false` turns
 * the check off, for sources whose schemas leave fields out.
 */
import type { Config, Mapping } from '../config/schema.js';
import { editDistance, nearestNames } from '../config/nearest-name.js';
import { ConfigError } from '../errors.js';
import { findMapping } from '../mapping/resolve.js';
import { streamLabel } from '../protocol/messages.js';
import type { ConfiguredCatalog } from './catalog.js';
import { declaredPaths, declaresFields, isDeclared } from './declared-fields.js';

/** How many declared names a message suggests. */
const SUGGESTIONS = 3;

const TURN_OFF = 'set check_fields_against_catalog to false if the source leaves fields out of its schema';

interface NamedField {
  /** Where the config names it: `identity_field`, `idempotency_key_fields[1]`, `rename_fields[0].from`. */
  setting: string;
  field: string;
  /** A config error when undeclared; otherwise a warning. */
  required: boolean;
}

export interface FieldCheckResult {
  /** One sentence per undeclared include/exclude/rename field, for a WARN at start. */
  warnings: string[];
}

/**
 * Throws a ConfigError naming every undeclared identity, account id, event name, timestamp and
 * idempotency key field; returns warnings for the rest.
 */
export function checkFieldsAgainstCatalog(config: Pick<Config, 'mappings' | 'check_fields_against_catalog'>, catalog: ConfiguredCatalog): FieldCheckResult {
  const warnings: string[] = [];
  const errors: string[] = [];
  if (!config.check_fields_against_catalog) return { warnings };
  for (const configured of catalog.streams) {
    const { name, namespace, json_schema: schema } = configured.stream as typeof configured.stream & { json_schema?: unknown };
    if (!declaresFields(schema)) continue;
    // A stream that names a destination object is mapped by that object's field names, never by a mapping.
    if (configured.destination_object_name !== undefined && configured.destination_object_name !== null) continue;
    const mapping = findMapping(config.mappings, name, namespace);
    // A stream without a mapping is reported where streams are routed.
    if (mapping === undefined) continue;
    const stream = streamLabel(name, namespace);
    const which = describeMapping(mapping, config.mappings.indexOf(mapping), stream);
    let paths: string[] | undefined;
    for (const named of namedFields(mapping)) {
      if (isDeclared(schema, named.field)) continue;
      paths ??= declaredPaths(schema);
      const problem = `${which} names ${named.setting} "${named.field}", which the catalog's json_schema of stream "${stream}" does not declare; ${suggest(named.field, paths)}`;
      if (named.required) errors.push(problem);
      else warnings.push(`${problem} The field is never in the records the schema describes: fix the name, or ${TURN_OFF}.`);
    }
  }
  if (errors.length > 0) {
    throw new ConfigError(
      'FIELD_NOT_IN_CATALOG',
      `${errors.join(' ')} Records would be rejected (or, for an idempotency key field, merged into one event); ` +
        `nothing was read or sent. Fix the field name in the mapping, or ${TURN_OFF}.`,
    );
  }
  return { warnings };
}

function describeMapping(mapping: Mapping, index: number, stream: string): string {
  return mapping.stream === '*'
    ? `mappings[${index}] (stream "*", serving stream "${stream}")`
    : `mappings[${index}] (stream "${mapping.stream}")`;
}

function namedFields(mapping: Mapping): NamedField[] {
  const fields: NamedField[] = [];
  const required = (setting: string, field: string | undefined) => {
    if (field !== undefined) fields.push({ setting, field, required: true });
  };
  switch (mapping.sync_type) {
    case 'events':
      required('identity_field', mapping.identity_field);
      required('event_name_field', mapping.event_name_field);
      required('timestamp_field', mapping.timestamp_field);
      (mapping.idempotency_key_fields ?? []).forEach((field, i) => required(`idempotency_key_fields[${i}]`, field));
      break;
    case 'user_properties':
      required('identity_field', mapping.identity_field);
      break;
    case 'account_properties':
      required('account_id_field', mapping.account_id_field);
      break;
    case 'user_deletions':
      required('identity_field', mapping.identity_field);
      required('user_id_field', mapping.user_id_field);
      return fields;
    case 'identify':
      required('user_id_field', mapping.user_id_field);
      required('identity_field', mapping.identity_field);
      required('timestamp_field', mapping.timestamp_field);
      return fields;
  }
  const optional = (setting: string, field: string) => fields.push({ setting, field, required: false });
  (mapping.include_fields ?? []).forEach((field, i) => optional(`include_fields[${i}]`, field));
  (mapping.exclude_fields ?? []).forEach((field, i) => optional(`exclude_fields[${i}]`, field));
  (mapping.rename_fields ?? []).forEach((rule, i) => optional(`rename_fields[${i}].from`, rule.from));
  return fields;
}

/** "did you mean "user.email"?", or the closest declared names when none is a likely typo; ends a sentence. */
function suggest(field: string, paths: readonly string[]): string {
  // A near name, else a path ending in a near name: `email` for `user.email`, `user.mial` for `customer.mail`.
  const leaf = (name: string) => name.slice(name.lastIndexOf('.') + 1);
  const byLeaf = paths.filter((path) => nearestNames(leaf(field), [leaf(path)], 1).length > 0);
  const near = [...new Set([...nearestNames(field, paths, SUGGESTIONS), ...byLeaf])].slice(0, SUGGESTIONS);
  if (near.length > 0) return `did you mean ${orList(near)}?`;
  const closest = paths
    .map((name, order) => ({ name, order, distance: editDistance(field.toLowerCase(), name.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || a.order - b.order)
    .slice(0, SUGGESTIONS)
    .map((entry) => entry.name);
  return `the closest declared fields are ${orList(closest)}.`;
}

function orList(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}
