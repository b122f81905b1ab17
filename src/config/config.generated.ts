/* Generated from spec.json by scripts/generate-config-types.mjs. Do not edit: run `npm run generate:types`. */

/**
 * Your Heap environment ID (Account > Manage > Projects), a string of digits.
 */
export type AppID = string;
/**
 * Where your Heap data lives. US sends to https://heapanalytics.com, EU to https://c.eu.heap-api.com.
 */
export type Region = 'us' | 'eu';
/**
 * Heap API key (an admin creates it under Account > Manage > Privacy & Security). Optional for events and properties; when set, check proves that the app ID and API key belong together through Heap's auth-token endpoint. Required by user_deletions streams, and then app_id must be the account's Main Production environment.
 */
export type APIKey = string;
export type Mapping = EventsTrack | UserProperties | AccountProperties | UserDeletionsIrreversible | Identify;
/**
 * Name of the stream this mapping serves, or "*" for every stream that has no mapping of its own.
 */
export type Stream = string;
/**
 * When set, only records of this namespace match the mapping.
 */
export type Namespace = string;
export type SyncType = 'events';
/**
 * Field holding the Heap identity (a non-empty string of at most 255 characters; numbers are turned into strings).
 */
export type IdentityField = string;
/**
 * A constant event name for every record of the stream. Set exactly one of event_name and event_name_field.
 */
export type EventName = string;
/**
 * Field holding the event name. Set exactly one of event_name and event_name_field.
 */
export type EventNameField = string;
/**
 * Field holding when the event happened: ISO 8601, YYYY-MM-DD or epoch seconds/milliseconds. When absent, Heap stamps the arrival time. A record whose timestamp is missing or unparseable is rejected.
 */
export type TimestampField = string;
/**
 * Fields whose values identify an event, so a re-sent event is deduplicated by Heap. Default: the stream's primary key from the catalog, else the whole record.
 */
export type IdempotencyKeyFields = string[];
/**
 * Only these fields become properties (default: all fields). Identity, account id, event name and timestamp fields are sent as properties only when listed here.
 */
export type IncludeFields = string[];
/**
 * Fields never sent as properties.
 */
export type ExcludeFields = string[];
/**
 * Field name or dot path in the record.
 */
export type FromField = string;
/**
 * Heap property name.
 */
export type ToProperty = string;
/**
 * Send a field under another property name. A field is named by its key or a dot path into nested objects.
 */
export type RenameFields = Rename[];
/**
 * Name of the stream this mapping serves, or "*" for every stream that has no mapping of its own.
 */
export type Stream1 = string;
/**
 * When set, only records of this namespace match the mapping.
 */
export type Namespace1 = string;
export type SyncType1 = 'user_properties';
/**
 * Field holding the Heap identity (a non-empty string of at most 255 characters; numbers are turned into strings).
 */
export type IdentityField1 = string;
/**
 * Only these fields become properties (default: all fields). Identity, account id, event name and timestamp fields are sent as properties only when listed here.
 */
export type IncludeFields1 = string[];
/**
 * Fields never sent as properties.
 */
export type ExcludeFields1 = string[];
/**
 * Field name or dot path in the record.
 */
export type FromField1 = string;
/**
 * Heap property name.
 */
export type ToProperty1 = string;
/**
 * Send a field under another property name. A field is named by its key or a dot path into nested objects.
 */
export type RenameFields1 = Rename1[];
/**
 * Name of the stream this mapping serves, or "*" for every stream that has no mapping of its own.
 */
export type Stream2 = string;
/**
 * When set, only records of this namespace match the mapping.
 */
export type Namespace2 = string;
export type SyncType2 = 'account_properties';
/**
 * Field holding the Heap account ID (a non-empty string of at most 255 characters; numbers are turned into strings).
 */
export type AccountIDField = string;
/**
 * Only these fields become properties (default: all fields). Identity, account id, event name and timestamp fields are sent as properties only when listed here.
 */
export type IncludeFields2 = string[];
/**
 * Fields never sent as properties.
 */
export type ExcludeFields2 = string[];
/**
 * Field name or dot path in the record.
 */
export type FromField2 = string;
/**
 * Heap property name.
 */
export type ToProperty2 = string;
/**
 * Send a field under another property name. A field is named by its key or a dot path into nested objects.
 */
export type RenameFields2 = Rename2[];
/**
 * Name of the stream this mapping serves, or "*" for every stream that has no mapping of its own.
 */
export type Stream3 = string;
/**
 * When set, only records of this namespace match the mapping.
 */
export type Namespace3 = string;
export type SyncType3 = 'user_deletions';
/**
 * Field holding the identity of the Heap user to delete (a non-empty string of at most 255 characters; numbers are turned into strings). Set exactly one of identity_field and user_id_field.
 */
export type IdentityField2 = string;
/**
 * Field holding Heap's numeric user id of the user to delete (digits, below 2^53), e.g. from Heap Connect tables. Set exactly one of identity_field and user_id_field.
 */
export type UserIDField = string;
/**
 * Name of the stream this mapping serves, or "*" for every stream that has no mapping of its own.
 */
export type Stream4 = string;
/**
 * When set, only records of this namespace match the mapping.
 */
export type Namespace4 = string;
export type SyncType4 = 'identify';
/**
 * Field holding Heap's numeric user id of the anonymous user (digits, below 2^53), e.g. from Heap Connect tables.
 */
export type UserIDField1 = string;
/**
 * Field holding the identity to link the user to (a non-empty string of at most 255 characters; numbers are turned into strings).
 */
export type IdentityField3 = string;
/**
 * Field holding when the identification happened: ISO 8601, YYYY-MM-DD or epoch seconds/milliseconds. When absent, Heap stamps the arrival time. A record whose timestamp is missing or unparseable is rejected.
 */
export type TimestampField1 = string;
/**
 * How each stream maps to Heap: one mapping per stream, or a mapping with stream "*" for every stream without one of its own. A stream whose catalog entry names a destination object (destination_object_name: events, user_properties, account_properties, user_deletions or identify) is mapped by that object's field names and needs no mapping here.
 */
export type Mappings = Mapping[];
/**
 * Items per bulk request (Heap accepts at most 1000).
 */
export type BatchSize = number;
/**
 * Bulk requests in flight at once, across all endpoints.
 */
export type ConcurrentRequests = number;
/**
 * Client-side budget of tracked events for the app: no 60-second window holds more. Heap allows 15,000 per minute per app. 0 means no client-side limit.
 */
export type EventsPerMinute = number;
/**
 * Client-side budget of tracked events per identity: no 60-second window holds more. Heap allows 1,000 per minute per identity. 0 means no client-side limit.
 */
export type EventsPerIdentityPerMinute = number;
/**
 * What to do with a record that cannot be mapped: skip it (counted and reported) or fail the sync.
 */
export type InvalidRecordPolicy = 'skip' | 'fail';
/**
 * When true, check also tracks one test event (fixed identity, event name and idempotency key, so repeated checks add one event at most).
 */
export type SendATestEventOnCheck = boolean;
/**
 * Overrides the region's host, for proxies and tests. http:// is allowed only for loopback hosts (localhost, 127.0.0.0/8, ::1); anything else must be https://. No credentials (user:password@host), query string (?...) or fragment (#...) in the URL.
 */
export type BaseURL = string;
/**
 * How long one HTTP request to Heap may take before it is abandoned and retried.
 */
export type RequestTimeoutSeconds = number;
/**
 * How long a batch may keep being retried (429, 5xx, timeouts, connection errors) before the sync fails with a transient error.
 */
export type RetryTimeLimitSeconds = number;
/**
 * When true, every field a mapping names must be declared by the stream's catalog schema (where it declares properties): an undeclared identity, account id, event name, timestamp or idempotency key field stops the sync before anything is read; an undeclared include, exclude or rename field is a warning. Set to false for sources whose schemas leave fields out.
 */
export type CheckMappedFieldsAgainstTheCatalog = boolean;
/**
 * Where records rejected by the mapping or refused by Heap are kept, each a RECORD message with its reason, so they can be fixed and sent again with write. None (the default) keeps nothing.
 */
export type RejectedRecordsStorage = None | S3 | Local;
export type StorageType = 'None';
export type StorageType1 = 'S3';
/**
 * Name of the bucket that keeps the rejected records.
 */
export type S3BucketName = string;
/**
 * Region of the bucket (for an S3-compatible store, the region it expects, often us-east-1).
 */
export type S3BucketRegion = string;
/**
 * Prefix of every object key, without a leading or trailing slash; empty for the bucket root.
 */
export type BucketPath = string;
/**
 * Access key of an identity that may put, get and delete objects under the bucket path.
 */
export type AccessKeyID = string;
/**
 * Secret of that access key.
 */
export type SecretAccessKey = string;
/**
 * Optional: an IAM role to assume with the access key before writing.
 */
export type RoleARN = string;
/**
 * Optional: the URL of an S3-compatible store (MinIO, Ceph, R2 ...), addressed path-style; empty for AWS S3. Plain http:// only for loopback hosts.
 */
export type S3Endpoint = string;
export type StorageType2 = 'Local';
/**
 * Folder that keeps the rejected records (created when missing), under PATH/SYNC_ID/NAMESPACE/STREAM/.
 */
export type Path = string;

export interface HeapDestinationSpec {
  app_id: AppID;
  region?: Region;
  api_key?: APIKey;
  mappings?: Mappings;
  batch_size?: BatchSize;
  max_concurrent_requests?: ConcurrentRequests;
  events_per_minute?: EventsPerMinute;
  events_per_identity_per_minute?: EventsPerIdentityPerMinute;
  invalid_record_policy?: InvalidRecordPolicy;
  send_test_event?: SendATestEventOnCheck;
  base_url?: BaseURL;
  request_timeout_seconds?: RequestTimeoutSeconds;
  max_retry_seconds?: RetryTimeLimitSeconds;
  check_fields_against_catalog?: CheckMappedFieldsAgainstTheCatalog;
  object_storage_config?: RejectedRecordsStorage;
}
/**
 * Each record becomes a Heap event sent to the bulk track API.
 */
export interface EventsTrack {
  stream: Stream;
  namespace?: Namespace;
  sync_type: SyncType;
  identity_field: IdentityField;
  event_name?: EventName;
  event_name_field?: EventNameField;
  timestamp_field?: TimestampField;
  idempotency_key_fields?: IdempotencyKeyFields;
  include_fields?: IncludeFields;
  exclude_fields?: ExcludeFields;
  rename_fields?: RenameFields;
}
export interface Rename {
  from: FromField;
  to: ToProperty;
}
/**
 * Each record upserts properties of the Heap user with the record's identity (last write wins).
 */
export interface UserProperties {
  stream: Stream1;
  namespace?: Namespace1;
  sync_type: SyncType1;
  identity_field: IdentityField1;
  include_fields?: IncludeFields1;
  exclude_fields?: ExcludeFields1;
  rename_fields?: RenameFields1;
}
export interface Rename1 {
  from: FromField1;
  to: ToProperty1;
}
/**
 * Each record upserts properties of the Heap account with the record's account ID (last write wins). Requires an Account ID property configured in Heap.
 */
export interface AccountProperties {
  stream: Stream2;
  namespace?: Namespace2;
  sync_type: SyncType2;
  account_id_field: AccountIDField;
  include_fields?: IncludeFields2;
  exclude_fields?: ExcludeFields2;
  rename_fields?: RenameFields2;
}
export interface Rename2 {
  from: FromField2;
  to: ToProperty2;
}
/**
 * Each record asks Heap to delete one user and all their data (GDPR/CCPA erasure), named by identity or by Heap's numeric user_id: set exactly one of identity_field and user_id_field. A deletion cannot be undone: Heap deletes the user and all their data in every environment of the Heap account, not only this app_id's. Needs api_key (created by an admin under Account > Manage > Privacy & Security), and app_id must be the account's Main Production environment. Try the stream against the sandbox first (destination-heap preview, or the sandbox command).
 */
export interface UserDeletionsIrreversible {
  stream: Stream3;
  namespace?: Namespace3;
  sync_type: SyncType3;
  identity_field?: IdentityField2;
  user_id_field?: UserIDField;
}
/**
 * Each record links an anonymous Heap user (Heap's numeric user_id) to a known identity, so the user's past anonymous sessions join the identified user. One request per record (Heap has no bulk identify).
 */
export interface Identify {
  stream: Stream4;
  namespace?: Namespace4;
  sync_type: SyncType4;
  user_id_field: UserIDField1;
  identity_field: IdentityField3;
  timestamp_field?: TimestampField1;
}
/**
 * Rejected records are counted and reported, not kept.
 */
export interface None {
  storage_type: StorageType;
}
/**
 * Rejected records are written to an S3 bucket, or to an S3-compatible store at S3 Endpoint, as JSON lines under Bucket Path/SYNC_ID/NAMESPACE/STREAM/.
 */
export interface S3 {
  storage_type: StorageType1;
  s3_bucket_name: S3BucketName;
  s3_bucket_region: S3BucketRegion;
  bucket_path?: BucketPath;
  access_key_id: AccessKeyID;
  secret_access_key: SecretAccessKey;
  role_arn?: RoleARN;
  s3_endpoint?: S3Endpoint;
}
/**
 * Rejected records are written as JSON lines under a folder of this machine (for shell use; a container's folder goes with it).
 */
export interface Local {
  storage_type: StorageType2;
  path: Path;
}
