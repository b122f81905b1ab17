/**
 * The objects a data-activation host can write to (what `discover` prints, and what a catalog
 * stream's `destination_object_name` may name). Each object is one kind of Heap item; its fields
 * have fixed names, so a stream that names an object needs no mapping in the config: the user
 * maps source columns onto these names in the host's UI instead.
 *
 * | object               | sync mode | decides the item                                   | matched on     |
 * |----------------------|-----------|----------------------------------------------------|----------------|
 * | `events`             | append    | identity, event; optional timestamp, idempotency_key | -            |
 * | `user_properties`    | update    | identity                                           | identity       |
 * | `account_properties` | update    | account_id                                         | account_id     |
 * | `user_deletions`     | append    | identity or user_id (exactly one)                  | -              |
 * | `identify`           | append    | user_id, identity; optional timestamp              | -              |
 *
 * Every other field of a record becomes a property, by the usual value rules.
 */

export type DestinationObjectName = 'events' | 'user_properties' | 'account_properties' | 'user_deletions' | 'identify';

export interface FieldSpec {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
}

export interface DestinationObject {
  readonly name: DestinationObjectName;
  /** The sync mode `discover` offers for it. */
  readonly syncMode: 'append' | 'update';
  /** The destination sync modes a configured stream may use with it. */
  readonly acceptedSyncModes: readonly string[];
  readonly fields: readonly FieldSpec[];
  readonly matchingKeys: readonly (readonly string[])[] | undefined;
  readonly description: string;
  /** Fields of which a record holds exactly one (user_deletions: identity or user_id). */
  readonly oneOf?: readonly string[];
}

const IDENTITY_DESCRIPTION =
  'The Heap identity: a non-empty string of at most 255 characters (a number is sent as its decimal text).';

const USER_ID_DESCRIPTION = "Heap's numeric user id (an integer from 0 to 2^53 - 1, as a number or a string of digits), e.g. from Heap Connect tables.";

export const DESTINATION_OBJECTS: readonly DestinationObject[] = [
  {
    name: 'events',
    syncMode: 'append',
    acceptedSyncModes: ['append', 'append_dedup'],
    description: 'Each record becomes a Heap event (bulk track API). Fields other than these become event properties.',
    fields: [
      { name: 'identity', required: true, description: IDENTITY_DESCRIPTION },
      { name: 'event', required: true, description: 'The event name: a non-empty string of at most 1024 characters.' },
      {
        name: 'timestamp',
        required: false,
        description:
          'When the event happened: ISO 8601, YYYY-MM-DD, or epoch seconds or milliseconds. Leave it unmapped to let Heap stamp the arrival time; a record whose timestamp is null or unreadable is rejected.',
      },
      {
        name: 'idempotency_key',
        required: false,
        description:
          "A value that identifies the event: Heap keeps one event per key, so a re-sent row is not counted twice. Unmapped (or null): the stream's primary key, else the whole record.",
      },
    ],
    matchingKeys: undefined,
  },
  {
    name: 'user_properties',
    syncMode: 'update',
    acceptedSyncModes: ['append', 'append_dedup', 'update'],
    description: 'Each record sets properties of the Heap user with that identity; the last record read wins. Fields other than identity become user properties.',
    fields: [{ name: 'identity', required: true, description: IDENTITY_DESCRIPTION }],
    matchingKeys: [['identity']],
  },
  {
    name: 'account_properties',
    syncMode: 'update',
    acceptedSyncModes: ['append', 'append_dedup', 'update'],
    description:
      'Each record sets properties of the Heap account with that ID; the last record read wins. Fields other than account_id become account properties. Needs an Account ID property set up in Heap.',
    fields: [
      {
        name: 'account_id',
        required: true,
        description: 'The Heap account ID: a non-empty string of at most 255 characters (a number is sent as its decimal text).',
      },
    ],
    matchingKeys: [['account_id']],
  },
  {
    name: 'user_deletions',
    syncMode: 'append',
    acceptedSyncModes: ['append', 'append_dedup'],
    description:
      "Each record asks Heap to delete one user and all their data (GDPR/CCPA erasure), named by identity or by Heap's numeric user_id (exactly one of the two). " +
      'IRREVERSIBLE: Heap deletes the user in every environment of the account. Needs api_key, and app_id must be the Main Production environment. No property is sent.',
    fields: [
      { name: 'identity', required: false, description: `${IDENTITY_DESCRIPTION} Set this or user_id.` },
      { name: 'user_id', required: false, description: `${USER_ID_DESCRIPTION} Set this or identity.` },
    ],
    oneOf: ['identity', 'user_id'],
    matchingKeys: undefined,
  },
  {
    name: 'identify',
    syncMode: 'append',
    acceptedSyncModes: ['append', 'append_dedup'],
    description:
      'Each record links an anonymous Heap user (user_id) to an identity, so its past anonymous sessions join the identified user. One request per record; no property is sent.',
    fields: [
      { name: 'user_id', required: true, description: USER_ID_DESCRIPTION },
      { name: 'identity', required: true, description: IDENTITY_DESCRIPTION },
      {
        name: 'timestamp',
        required: false,
        description:
          'When the user was identified: ISO 8601, YYYY-MM-DD, or epoch seconds or milliseconds. Leave it unmapped to let Heap stamp the arrival time; a record whose timestamp is null or unreadable is rejected.',
      },
    ],
    matchingKeys: undefined,
  },
];

export function destinationObject(name: string): DestinationObject | undefined {
  return DESTINATION_OBJECTS.find((object) => object.name === name);
}

/** `"events", "user_properties" or "account_properties"`, for messages. */
export function listObjectNames(): string {
  const names = DESTINATION_OBJECTS.map((object) => `"${object.name}"`);
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** The JSON schema of an object's fields: what `discover` says each operation takes. */
export function objectJsonSchema(object: DestinationObject): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    description: object.description,
    required: object.fields.filter((field) => field.required).map((field) => field.name),
    properties: Object.fromEntries(
      object.fields.map((field) => [field.name, { ...fieldType(field.name), description: field.description }]),
    ),
    ...(object.oneOf === undefined ? {} : { oneOf: object.oneOf.map((name) => ({ required: [name] })) }),
    // Any further field is sent as a property (user_deletions, identify: left out).
    additionalProperties: true,
  };
}

/** Identities, ids and keys may be numbers in the source, timestamps epoch numbers; an event name is text. */
function fieldType(name: string): Record<string, unknown> {
  return name === 'event' ? { type: 'string' } : { type: ['string', 'number'] };
}

/** The DESTINATION_CATALOG message `discover` prints. */
export function destinationCatalogMessage(): { type: 'DESTINATION_CATALOG'; destination_catalog: { operations: unknown[] } } {
  return {
    type: 'DESTINATION_CATALOG',
    destination_catalog: {
      operations: DESTINATION_OBJECTS.map((object) => ({
        object_name: object.name,
        sync_mode: object.syncMode,
        json_schema: objectJsonSchema(object),
        ...(object.matchingKeys === undefined ? {} : { matching_keys: object.matchingKeys.map((key) => [...key]) }),
      })),
    },
  };
}
