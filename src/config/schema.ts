/**
 * Runtime validation of the config. spec.json is the source of truth for the shape; this zod
 * schema mirrors it (the compile-time assertion at the bottom fails when they drift) and adds the
 * rules JSON Schema under Airbyte's spec rules cannot express: exactly one event name source,
 * no `id` user property, one source per renamed property, loopback-only plain HTTP.
 */
import { z } from 'zod';
import { exceedsCodePoints } from '../mapping/characters.js';
import type { HeapDestinationSpec } from './config.generated.js';
import { DEFAULTS, HEAP_LIMITS } from './defaults.js';
import { isLoopbackHost } from './loopback.js';

const fieldName = z.string().min(1, 'must be a non-empty field name');
const fieldList = z.array(fieldName);
const rename = z.strictObject({ from: fieldName, to: z.string().min(1, 'must be a non-empty property name') });

const common = {
  stream: z.string().min(1, 'must be a stream name or "*"'),
  namespace: z.string().optional(),
  include_fields: fieldList.optional(),
  exclude_fields: fieldList.optional(),
  rename_fields: z.array(rename).optional(),
};

export const EventsMapping = z.strictObject({
  ...common,
  sync_type: z.literal('events'),
  identity_field: fieldName,
  // Counted in code points, like the runtime and JSON Schema's maxLength: an emoji is one character.
  event_name: z
    .string()
    .min(1)
    .refine((name) => !exceedsCodePoints(name, HEAP_LIMITS.maxEventNameLength), `must be at most ${HEAP_LIMITS.maxEventNameLength} characters long`)
    .optional(),
  event_name_field: fieldName.optional(),
  timestamp_field: fieldName.optional(),
  idempotency_key_fields: z.array(fieldName).min(1).optional(),
});

export const UserPropertiesMapping = z.strictObject({
  ...common,
  sync_type: z.literal('user_properties'),
  identity_field: fieldName,
});

export const AccountPropertiesMapping = z.strictObject({
  ...common,
  sync_type: z.literal('account_properties'),
  account_id_field: fieldName,
});

const scope = { stream: common.stream, namespace: common.namespace };

/** Heap's deletion body carries no properties: the record names a user, by identity or by user_id. */
export const UserDeletionsMapping = z.strictObject({
  ...scope,
  sync_type: z.literal('user_deletions'),
  identity_field: fieldName.optional(),
  user_id_field: fieldName.optional(),
});

/** Heap's identify body carries no properties: a user_id, an identity and maybe a timestamp. */
export const IdentifyMapping = z.strictObject({
  ...scope,
  sync_type: z.literal('identify'),
  user_id_field: fieldName,
  identity_field: fieldName,
  timestamp_field: fieldName.optional(),
});

const isIdKey = (name: string) => name.toLowerCase() === 'id';

export const Mapping = z
  .discriminatedUnion('sync_type', [EventsMapping, UserPropertiesMapping, AccountPropertiesMapping, UserDeletionsMapping, IdentifyMapping], {
    // Reported at mappings[n].sync_type: the union cannot pick a variant without it.
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const given = (issue.input as { sync_type?: unknown } | undefined)?.sync_type;
      return given === undefined ? 'is required' : 'must be "events", "user_properties", "account_properties", "user_deletions" or "identify"';
    },
  })
  .superRefine((mapping, ctx) => {
    if (mapping.sync_type === 'user_deletions' && (mapping.identity_field === undefined) === (mapping.user_id_field === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['identity_field'],
        message:
          mapping.identity_field === undefined
            ? 'a user_deletions mapping names the user to delete: set identity_field (the field holding the identity) or user_id_field (the field holding Heap\'s numeric user id)'
            : 'identity_field and user_id_field are both set; keep one (a record names its user one way)',
      });
    }
    if (mapping.sync_type === 'events') {
      if (mapping.event_name === undefined && mapping.event_name_field === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['event_name'],
          message:
            'an events mapping needs an event name: set event_name (a constant, e.g. "Order Completed") or event_name_field (the field holding it)',
        });
      } else if (mapping.event_name !== undefined && mapping.event_name_field !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['event_name'], message: 'event_name and event_name_field are both set; keep one' });
      }
    }
    // Deletions and identifies send no properties: no rename or include rule to check.
    if (mapping.sync_type === 'user_deletions' || mapping.sync_type === 'identify') return;
    // Two rules renaming to one property would make one record's property depend on key order.
    const targets = new Map<string, number>();
    (mapping.rename_fields ?? []).forEach((rule, index) => {
      const first = targets.get(rule.to);
      if (first === undefined) {
        targets.set(rule.to, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: ['rename_fields', index, 'to'],
        message: `"${rule.to}" is already the target of rename_fields[${first}]; keep one of the two rules (a property has one source)`,
      });
    });
    if (mapping.sync_type === 'user_properties') {
      // Report each explicit `id` property at the entry that names it: the rename rule's `to`, or
      // the included field (unless a rename rule sends it under another name).
      const idIssue = (path: (string | number)[], name: string) =>
        ctx.addIssue({
          code: 'custom',
          path,
          message: `"${name}" cannot be a user property: Heap refuses the key "id" in any casing; rename it`,
        });
      (mapping.rename_fields ?? []).forEach((rule, index) => {
        if (isIdKey(rule.to)) idIssue(['rename_fields', index, 'to'], rule.to);
      });
      const renamed = renamedFrom(mapping);
      (mapping.include_fields ?? []).forEach((field, index) => {
        if (isIdKey(field) && !renamed.has(field)) idIssue(['include_fields', index], field);
      });
    }
  });

function renamedFrom(mapping: { rename_fields?: { from: string }[] | undefined }): Set<string> {
  return new Set((mapping.rename_fields ?? []).map((r) => r.from));
}

/**
 * Where rejected records are kept (src/rejected/): Airbyte's `object_storage_config`, a oneOf on
 * `storage_type`, plus a local folder for shell use.
 */
export const NoStorage = z.strictObject({ storage_type: z.literal('None') });
export const S3Storage = z.strictObject({
  storage_type: z.literal('S3'),
  s3_bucket_name: z.string().min(1, 'must be a bucket name'),
  s3_bucket_region: z.string().min(1, 'must be a region, e.g. "us-east-1"'),
  bucket_path: z.string().optional(),
  access_key_id: z.string().min(1, 'must be an access key ID'),
  secret_access_key: z.string().min(1, 'must be the secret of the access key'),
  role_arn: z.string().regex(/^arn:[^:]+:iam::[0-9]{12}:role\/.+$/, 'must be an IAM role ARN (arn:aws:iam::123456789012:role/NAME)').optional(),
  s3_endpoint: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .refine(plainHttpOnlyOnLoopback, 'must use https:// (plain http:// is allowed only for localhost, 127.0.0.0/8 and ::1)')
    .refine(withoutCredentials, 'must not hold a user name or password (user:password@host): give the credentials in access_key_id and secret_access_key')
    .refine(withoutQueryOrFragment, 'must not hold a query string (?...) or a fragment (#...): give only scheme, host, port and path')
    .optional(),
});
export const LocalStorage = z.strictObject({ storage_type: z.literal('Local'), path: z.string().min(1, 'must be a folder path') });
export const ObjectStorage = z.discriminatedUnion('storage_type', [NoStorage, S3Storage, LocalStorage], {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return undefined;
    const given = (issue.input as { storage_type?: unknown } | undefined)?.storage_type;
    return given === undefined ? 'needs storage_type: "None", "S3" or "Local"' : 'storage_type must be "None", "S3" or "Local"';
  },
});

export const Config = z
  .strictObject({
    app_id: z.string().regex(/^[0-9]+$/, 'must be a string of digits (your Heap environment ID)'),
    region: z.enum(['us', 'eu']).default(DEFAULTS.region),
    base_url: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .refine(plainHttpOnlyOnLoopback, 'must use https:// (plain http:// is allowed only for localhost, 127.0.0.0/8 and ::1)')
      .refine(
        withoutCredentials,
        'must not hold a user name or password (user:password@host): Heap takes none, and a URL is printed in messages; let the proxy authenticate this connection another way',
      )
      .refine(
        withoutQueryOrFragment,
        'must not hold a query string (?...) or a fragment (#...): requests go to the path under base_url and nothing else, and a URL is printed in messages; give only scheme, host, port and path',
      )
      .optional(),
    api_key: z.string().min(1).optional(),
    mappings: z.array(Mapping).default(() => []),
    batch_size: z.int().min(1).max(1000).default(DEFAULTS.batch_size),
    max_concurrent_requests: z.int().min(1).max(64).default(DEFAULTS.max_concurrent_requests),
    events_per_minute: z.int().min(0).default(DEFAULTS.events_per_minute),
    events_per_identity_per_minute: z.int().min(0).default(DEFAULTS.events_per_identity_per_minute),
    invalid_record_policy: z.enum(['skip', 'fail']).default(DEFAULTS.invalid_record_policy),
    send_test_event: z.boolean().default(DEFAULTS.send_test_event),
    request_timeout_seconds: z.int().min(1).max(600).default(DEFAULTS.request_timeout_seconds),
    max_retry_seconds: z.int().min(1).max(86400).default(DEFAULTS.max_retry_seconds),
    check_fields_against_catalog: z.boolean().default(DEFAULTS.check_fields_against_catalog),
    object_storage_config: ObjectStorage.default(() => ({ ...DEFAULTS.object_storage_config })),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.mappings.forEach((mapping, index) => {
      const key = `${mapping.namespace ?? ''}\u0000${mapping.stream}`;
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['mappings', index, 'stream'],
          message: `stream "${mapping.stream}" already has a mapping (mappings[${first}]); give each stream one mapping`,
        });
      } else {
        seen.set(key, index);
      }
    });
  });

/**
 * Credentials written into the URL would be repeated wherever the URL is (check's answer, error
 * messages), and the HTTP client would silently drop them anyway. This message, like every config
 * message, never quotes the value.
 */
function withoutCredentials(value: string): boolean {
  if (!URL.canParse(value)) return true;
  const url = new URL(value);
  return url.username === '' && url.password === '';
}

/**
 * A query string (a token, often) or a fragment would never reach Heap, since requests go to paths
 * under base_url, and would be repeated wherever the URL is printed. Any `?` or `#` counts, an
 * empty one too: neither can stand in a parsed URL's host or path.
 */
function withoutQueryOrFragment(value: string): boolean {
  if (!URL.canParse(value)) return true;
  return !/[?#]/.test(value);
}

function plainHttpOnlyOnLoopback(value: string): boolean {
  // zod runs this refinement even when the url check above failed: a malformed URL or another
  // scheme is that check's to report (and `new URL` would throw), so judge only http:// here.
  if (!URL.canParse(value)) return true;
  const url = new URL(value);
  return url.protocol !== 'http:' || isLoopbackHost(url.hostname);
}

export type Config = z.infer<typeof Config>;
export type Mapping = z.infer<typeof Mapping>;
export type EventsMapping = z.infer<typeof EventsMapping>;
export type UserPropertiesMapping = z.infer<typeof UserPropertiesMapping>;
export type AccountPropertiesMapping = z.infer<typeof AccountPropertiesMapping>;
export type UserDeletionsMapping = z.infer<typeof UserDeletionsMapping>;
export type IdentifyMapping = z.infer<typeof IdentifyMapping>;
export type SyncType = Mapping['sync_type'];
export type ObjectStorage = z.infer<typeof ObjectStorage>;
export type S3Storage = z.infer<typeof S3Storage>;
export type LocalStorage = z.infer<typeof LocalStorage>;

// spec.json and this schema describe the same config: the same keys, each side assignable to the
// other. Type-checking fails here when they drift.
type Assert<T extends true> = T;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type Same<A, B> = SameKeys<A, B> extends true ? ([A] extends [B] ? ([B] extends [A] ? true : false) : false) : false;
type Variant<T, K> = Extract<T, { sync_type: K }>;
type SpecMapping = import('./config.generated.js').Mapping;
export type SpecAndSchemaAgree = [
  Assert<SameKeys<z.input<typeof Config>, HeapDestinationSpec>>,
  Assert<Same<Omit<z.input<typeof Config>, 'mappings'>, Omit<HeapDestinationSpec, 'mappings'>>>,
  Assert<Same<Variant<Mapping, 'events'>, Variant<SpecMapping, 'events'>>>,
  Assert<Same<Variant<Mapping, 'user_properties'>, Variant<SpecMapping, 'user_properties'>>>,
  Assert<Same<Variant<Mapping, 'account_properties'>, Variant<SpecMapping, 'account_properties'>>>,
  Assert<Same<Variant<Mapping, 'user_deletions'>, Variant<SpecMapping, 'user_deletions'>>>,
  Assert<Same<Variant<Mapping, 'identify'>, Variant<SpecMapping, 'identify'>>>,
];
