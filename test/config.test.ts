import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, REGION_URLS } from '../src/config/defaults.js';
import { loadConfig, parseConfig } from '../src/config/load.js';
import { AccountPropertiesMapping, IdentifyMapping, UserDeletionsMapping, Config, EventsMapping, UserPropertiesMapping } from '../src/config/schema.js';
import { ConfigError } from '../src/errors.js';

const root = fileURLToPath(new URL('../', import.meta.url));

interface SpecProperty {
  type?: string;
  items?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
}
interface SpecObject {
  required: string[];
  properties: Record<string, SpecProperty>;
}
const spec = JSON.parse(await readFile(join(root, 'spec.json'), 'utf8')) as SpecObject;
const specVariants = (spec.properties.mappings!.items as { oneOf: (SpecObject & { title: string })[] }).oneOf;

const SECRET = 'sk-live-7f3a9c1e55d04b2a';
const eventsMapping = { stream: 'orders', sync_type: 'events', identity_field: 'user_id', event_name: 'Order Placed' };
const usersMapping = { stream: 'people', sync_type: 'user_properties', identity_field: 'email' };
const accountsMapping = { stream: 'orgs', sync_type: 'account_properties', account_id_field: 'org_id' };
const minimal = { app_id: '1234567890', mappings: [eventsMapping] };
const config = (extra: Record<string, unknown>) => ({ ...minimal, ...extra });
const withMapping = (mapping: Record<string, unknown>) => config({ mappings: [mapping] });

/** The ConfigError parseConfig throws for `raw`; fails the test when it throws anything else or nothing. */
function rejection(raw: unknown): ConfigError {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw new Error(`expected a ConfigError, got ${String(error)}`);
  }
  throw new Error('expected the config to be rejected');
}

/** Every 4-character piece of SECRET found in `text`. */
const secretFragmentsIn = (text: string) =>
  Array.from({ length: SECRET.length - 3 }, (_, i) => SECRET.slice(i, i + 4)).filter((fragment) => text.includes(fragment));

/** Asserts `raw` is rejected as an invalid config with a problem reported at `path`. */
function expectRejectedAt(raw: unknown, path: string): ConfigError {
  const error = rejection(raw);
  expect(error.code).toBe('CONFIG_INVALID');
  expect(error.failureType).toBe('config_error');
  expect(error.message).toContain(`${path}: `);
  return error;
}

describe('defaults', () => {
  it('are applied to every optional setting left out', () => {
    const parsed = parseConfig(minimal);
    expect(parsed).toEqual({ ...DEFAULTS, ...minimal, heapUrl: REGION_URLS.us });
  });

  it('in spec.json equal DEFAULTS for every property that has one', () => {
    const specDefaults = Object.fromEntries(
      Object.entries(spec.properties)
        .filter(([, property]) => 'default' in property)
        .map(([key, property]) => [key, property.default]),
    );
    expect(specDefaults).toEqual(DEFAULTS);
  });

  it('leave settings the config gives untouched', () => {
    const given = {
      region: 'eu',
      batch_size: 250,
      max_concurrent_requests: 2,
      events_per_minute: 0,
      events_per_identity_per_minute: 0,
      invalid_record_policy: 'fail',
      send_test_event: true,
      request_timeout_seconds: 5,
      max_retry_seconds: 60,
      check_fields_against_catalog: false,
    };
    expect(parseConfig(config(given))).toMatchObject(given);
  });
});

describe('spec.json and the zod schema describe the same config', () => {
  const variants = {
    'Events (Track)': EventsMapping,
    'User Properties': UserPropertiesMapping,
    'Account Properties': AccountPropertiesMapping,
    'User Deletions (Irreversible)': UserDeletionsMapping,
    Identify: IdentifyMapping,
  };

  it('with the same top-level keys', () => {
    expect(Object.keys(Config.shape).sort()).toEqual(Object.keys(spec.properties).sort());
  });

  it('with the same required top-level keys', () => {
    const required = Object.entries(Config.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([key]) => key);
    expect(required.sort()).toEqual([...spec.required].sort());
  });

  it('with the same mapping variants', () => {
    expect(specVariants.map((variant) => variant.title).sort()).toEqual(Object.keys(variants).sort());
  });

  it.each(specVariants.map((variant) => [variant.title, variant] as const))('with the same keys in the %s mapping', (title, variant) => {
    const schema = variants[title as keyof typeof variants];
    expect(Object.keys(schema.shape).sort()).toEqual(Object.keys(variant.properties).sort());
  });

  it.each(specVariants.map((variant) => [variant.title, variant] as const))(
    'with the same required keys in the %s mapping',
    (title, variant) => {
      const schema = variants[title as keyof typeof variants];
      const required = Object.entries(schema.shape)
        .filter(([, field]) => !field.safeParse(undefined).success)
        .map(([key]) => key);
      expect(required.sort()).toEqual([...variant.required].sort());
    },
  );

  const bounded = Object.entries(spec.properties).filter(([, property]) => property.type === 'integer');
  it.each(bounded)('with the same bounds for %s', (key, property) => {
    expect(property.minimum).toBeDefined();
    const min = property.minimum!;
    expect(parseConfig(config({ [key]: min }))).toMatchObject({ [key]: min });
    expectRejectedAt(config({ [key]: min - 1 }), key);
    if (property.maximum !== undefined) {
      expect(parseConfig(config({ [key]: property.maximum }))).toMatchObject({ [key]: property.maximum });
      expectRejectedAt(config({ [key]: property.maximum + 1 }), key);
    }
  });

  it('accepting a config that sets every top-level key of spec.json', () => {
    const everything = {
      app_id: '1234567890',
      region: 'eu',
      api_key: SECRET,
      mappings: [eventsMapping],
      batch_size: 500,
      max_concurrent_requests: 4,
      events_per_minute: 1200,
      events_per_identity_per_minute: 30,
      invalid_record_policy: 'fail',
      send_test_event: true,
      base_url: 'https://heap-proxy.example.com',
      request_timeout_seconds: 10,
      max_retry_seconds: 120,
      check_fields_against_catalog: false,
      object_storage_config: { storage_type: 'Local', path: '/tmp/heap-rejected' },
    };
    expect(Object.keys(everything).sort()).toEqual(Object.keys(spec.properties).sort());
    expect(parseConfig(everything)).toMatchObject(everything);
  });

  it.each([
    ['events', { ...eventsMapping, event_name: undefined, event_name_field: 'kind' }],
    [
      'events',
      {
        ...eventsMapping,
        namespace: 'public',
        timestamp_field: 'created_at',
        idempotency_key_fields: ['order_id'],
        include_fields: ['total'],
        exclude_fields: ['secret'],
        rename_fields: [{ from: 'total', to: 'Total' }],
      },
    ],
    ['user_properties', { ...usersMapping, namespace: 'crm', include_fields: ['plan'], exclude_fields: ['x'], rename_fields: [{ from: 'plan', to: 'Plan' }] }],
    ['account_properties', { ...accountsMapping, namespace: 'crm', include_fields: ['tier'], exclude_fields: ['x'], rename_fields: [{ from: 'tier', to: 'Tier' }] }],
  ])('accepting a mapping of sync_type %s that sets its keys of spec.json', (_syncType, mapping) => {
    const given = Object.fromEntries(Object.entries(mapping).filter(([, value]) => value !== undefined));
    expect(parseConfig(withMapping(given)).mappings).toEqual([given]);
  });

  it('so that config.generated.ts is what scripts/generate-config-types.mjs --check accepts', async () => {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = execFile(process.execPath, ['scripts/generate-config-types.mjs', '--check'], { cwd: root }, (error) => {
        if (error !== null && typeof error.code !== 'number') reject(error);
      });
      child.on('exit', (code) => resolve(code));
    });
    expect(exitCode).toBe(0);
  });
});

describe('app_id', () => {
  it.each(['0', '007', '1234567890'])('accepts the digit string %j', (appId) => {
    expect(parseConfig(config({ app_id: appId })).app_id).toBe(appId);
  });

  it.each([['12a'], [''], [' 123'], ['123 '], ['-1'], ['1.5'], [1234567890]])('rejects %j naming app_id', (appId) => {
    expectRejectedAt(config({ app_id: appId }), 'app_id');
  });

  it('is required', () => {
    expect(expectRejectedAt({ mappings: [eventsMapping] }, 'app_id').message).toContain('app_id: is required');
  });

  it('of the wrong type is not reported as missing', () => {
    expect(expectRejectedAt(config({ app_id: 1234567890 }), 'app_id').message).not.toContain('app_id: is required');
  });
});

describe('region', () => {
  it.each(['ap', 'US', ''])('rejects %j naming region', (region) => {
    expectRejectedAt(config({ region }), 'region');
  });

  it('rejected lists the values it may take, each in quotes', () => {
    expect(expectRejectedAt(config({ region: 'ap' }), 'region').message).toContain('"us", "eu"');
  });
});

describe('base_url', () => {
  it.each([
    'https://heap-proxy.example.com',
    'https://10.0.0.5:8443/heap',
    'https://localhost',
    'http://localhost:3000',
    'http://LOCALHOST',
    'http://127.0.0.1:8080',
    'http://127.255.255.254',
    'http://[::1]:9000',
  ])('accepts %s', (baseUrl) => {
    expect(parseConfig(config({ base_url: baseUrl })).base_url).toBe(baseUrl);
  });

  it.each([
    'http://heap-proxy.example.com',
    'http://10.0.0.5',
    'http://128.0.0.1',
    'http://0.0.0.0',
    'http://localhost.example.com',
    'http://sandbox.localhost:8080',
    'http://127.0.0.1.nip.io',
    'http://[::2]',
    'ftp://localhost',
    'heapanalytics.com',
    'not a url',
    '',
  ])('rejects %j naming base_url', (baseUrl) => {
    expectRejectedAt(config({ base_url: baseUrl }), 'base_url');
  });

  it.each([
    ['a user and password', 'https://proxyuser:pw-s3cret@heap-proxy.example.com'],
    ['a user name only', 'https://proxyuser@heap-proxy.example.com'],
    ['a password only', 'https://:pw-s3cret@heap-proxy.example.com'],
    ['credentials on loopback', 'http://proxyuser:pw-s3cret@127.0.0.1:8080'],
    ['percent-encoded credentials', 'https://proxy%40user:pw%3As3cret@heap-proxy.example.com'],
  ])('rejects credentials in the URL (%s), naming base_url and never repeating them', (_title, baseUrl) => {
    const error = rejection(config({ base_url: baseUrl }));
    expect(error.message).toContain('base_url');
    for (const text of [error.message, error.internalMessage]) {
      expect(text).not.toContain('proxyuser');
      expect(text).not.toContain('proxy%40user');
      expect(text).not.toContain('s3cret');
    }
  });

  it.each([
    ['a query string', 'https://heap-proxy.example.com/heap?token=tok-s3cret'],
    ['a query string on loopback, with a fragment', 'http://127.0.0.1:8080/?token=tok-s3cret#frag-s3cret'],
    ['a fragment only', 'https://heap-proxy.example.com/#frag-s3cret'],
    ['an empty query string', 'https://heap-proxy.example.com/heap?'],
    ['an empty fragment', 'https://heap-proxy.example.com#'],
  ])('rejects %s in the URL, naming base_url and never repeating it', (_title, baseUrl) => {
    const error = rejection(config({ base_url: baseUrl }));
    expect(error.message).toContain('base_url');
    for (const text of [error.message, error.internalMessage]) {
      expect(text).not.toContain('s3cret');
      expect(text).not.toContain('token=');
    }
  });
});

describe('numeric settings', () => {
  it.each([
    ['batch_size', 1],
    ['batch_size', 1000],
    ['max_concurrent_requests', 1],
    ['max_concurrent_requests', 64],
    ['events_per_minute', 0],
    ['events_per_identity_per_minute', 0],
  ])('%s accepts %d', (key, value) => {
    expect(parseConfig(config({ [key]: value }))).toMatchObject({ [key]: value });
  });

  it.each([
    ['batch_size', 0],
    ['batch_size', 1001],
    ['batch_size', 1.5],
    ['batch_size', '100'],
    ['max_concurrent_requests', 0],
    ['max_concurrent_requests', 65],
    ['events_per_minute', -1],
    ['events_per_minute', 0.5],
    ['events_per_identity_per_minute', -1],
  ])('%s rejects %j naming the field', (key, value) => {
    expectRejectedAt(config({ [key]: value }), key);
  });

  it('of the wrong type is not reported as missing', () => {
    expect(expectRejectedAt(config({ batch_size: 1.5 }), 'batch_size').message).not.toContain('batch_size: is required');
  });

  it.each([
    ['batch_size', 0, '1'],
    ['batch_size', 1001, '1000'],
    ['max_concurrent_requests', 65, '64'],
    ['max_retry_seconds', 86401, '86400'],
  ])('%s out of range (%j) names the bound it passed', (key, value, bound) => {
    const { message } = expectRejectedAt(config({ [key]: value }), key);
    expect(message).toContain(`${key}: must be at ${value > Number(bound) ? 'most' : 'least'} ${bound}`);
  });
});

describe('problems are said in the config\'s terms, never in zod\'s default texts', () => {
  const broken = {
    app_id: 1234567890,
    region: 'ap',
    api_key: '',
    batch_size: '100',
    max_concurrent_requests: 0,
    request_timeout_seconds: 1.5,
    send_test_event: 'true',
    mappings: [{ ...eventsMapping, event_name: '', idempotency_key_fields: [], include_fields: [''] }, { stream: 5, sync_type: 'events' }],
  };

  it.each(['Too small', 'Too big', 'Invalid input', 'Invalid option', 'expected', 'Unrecognized'])('no %j', (zodText) => {
    expect(rejection(broken).message).not.toContain(zodText);
  });

  it('one problem per issue, numbered, with its path', () => {
    const { message } = rejection(broken);
    for (const path of ['app_id', 'region', 'api_key', 'batch_size', 'max_concurrent_requests', 'request_timeout_seconds', 'send_test_event']) {
      expect(message).toContain(`) ${path}: `);
    }
    for (const path of ['mappings[0].event_name', 'mappings[0].idempotency_key_fields', 'mappings[0].include_fields[0]', 'mappings[1].stream']) {
      expect(message).toContain(`) ${path}: `);
    }
  });

  it('a numeric app_id is shown how to quote it', () => {
    expect(expectRejectedAt(config({ app_id: 1234567890 }), 'app_id').message).toContain('"1234567890"');
  });

  it('an empty idempotency_key_fields points at leaving it out (the primary key then)', () => {
    const mapping = { ...eventsMapping, idempotency_key_fields: [] };
    expect(expectRejectedAt(withMapping(mapping), 'mappings[0].idempotency_key_fields').message).toContain('primary key');
  });
});

describe('unknown keys', () => {
  it('at the top level are rejected naming the key', () => {
    const error = expectRejectedAt(config({ batchSize: 10 }), '(top level)');
    expect(error.message).toContain('"batchSize"');
  });

  it.each([
    ['at the top level', config({ batch_sise: 10 }), '(top level)', 'batch_sise', 'batch_size'],
    ['in a mapping', withMapping({ ...eventsMapping, timestamp_feild: 'at' }), 'mappings[0]', 'timestamp_feild', 'timestamp_field'],
    ['in camelCase', withMapping({ ...usersMapping, identityField: 'id' }), 'mappings[0]', 'identityField', 'identity_field'],
    ['in a rename rule', withMapping({ ...usersMapping, rename_fields: [{ from: 'a', too: 'b' }] }), 'mappings[0].rename_fields[0]', 'too', 'to'],
  ])('%s that are typos of a known key name the key and the known key', (_title, raw, path, key, known) => {
    const { message } = expectRejectedAt(raw, path);
    expect(message).toContain(`"${key}"`);
    expect(message).toContain(`"${known}"`);
  });

  it('of another sync type name the key, the sync type it belongs to and the mapping\'s sync_type', () => {
    const { message } = expectRejectedAt(withMapping({ ...usersMapping, event_name: 'Signed Up' }), 'mappings[0]');
    expect(message).toContain('"event_name"');
    expect(message).toContain('"events"');
    expect(message).toContain('"user_properties"');
  });

  it.each([
    ['identity_field in an account_properties mapping', { ...accountsMapping, identity_field: 'org' }, 'account_id_field'],
    ['account_id_field in a user_properties mapping', { ...usersMapping, account_id_field: 'org' }, 'identity_field'],
  ])('%s names the setting to use instead', (_title, mapping, instead) => {
    expect(expectRejectedAt(withMapping(mapping), 'mappings[0]').message).toContain(instead);
  });

  it('a top-level setting inside a mapping is named as such', () => {
    const { message } = expectRejectedAt(withMapping({ ...eventsMapping, batch_size: 10 }), 'mappings[0]');
    expect(message).toContain('"batch_size"');
    expect(message).toContain('top-level');
  });

  it('in a mapping are rejected naming the key and the mapping', () => {
    const error = expectRejectedAt(config({ mappings: [eventsMapping, { ...usersMapping, identityField: 'id' }] }), 'mappings[1]');
    expect(error.message).toContain('"identityField"');
  });

  it('in a rename rule are rejected naming the key and the rule', () => {
    const error = expectRejectedAt(withMapping({ ...usersMapping, rename_fields: [{ from: 'a', to: 'b', as: 'c' }] }), 'mappings[0].rename_fields[0]');
    expect(error.message).toContain('"as"');
  });
});

describe('mappings', () => {
  it('may be left out: the default is none (streams that name a destination object need none)', () => {
    expect(parseConfig({ app_id: '1' }).mappings).toEqual([]);
  });

  it('may be an empty list', () => {
    expect(parseConfig(config({ mappings: [] })).mappings).toEqual([]);
  });

  it('must be a list when given', () => {
    expectRejectedAt(config({ mappings: { stream: 'orders' } }), 'mappings');
  });

  it.each([['event'], ['users'], [undefined]])('with sync_type %j are rejected naming mappings[0].sync_type', (syncType) => {
    expectRejectedAt(withMapping({ ...eventsMapping, sync_type: syncType }), 'mappings[0].sync_type');
  });

  it('without sync_type report it as required', () => {
    expect(expectRejectedAt(withMapping({ ...eventsMapping, sync_type: undefined }), 'mappings[0].sync_type').message).toContain('mappings[0].sync_type: is required');
  });

  it.each([['event'], [5]])('with the wrong sync_type %j list the three sync types, without calling it missing', (syncType) => {
    const { message } = expectRejectedAt(withMapping({ ...eventsMapping, sync_type: syncType }), 'mappings[0].sync_type');
    for (const type of ['"events"', '"user_properties"', '"account_properties"']) expect(message).toContain(type);
    expect(message).not.toContain('is required');
  });

  it('of events with neither event_name nor event_name_field are rejected naming both ways to set one', () => {
    const { message } = expectRejectedAt(withMapping({ ...eventsMapping, event_name: undefined }), 'mappings[0].event_name');
    expect(message).toContain('event_name_field');
  });

  it('of events with both event_name and event_name_field are rejected naming both', () => {
    const { message } = expectRejectedAt(withMapping({ ...eventsMapping, event_name_field: 'kind' }), 'mappings[0].event_name');
    expect(message).toContain('event_name_field');
  });

  it.each([
    ['1024 characters', 'e'.repeat(1024)],
    ['1024 emoji (2048 UTF-16 units, 1024 code points like the runtime counts)', '\u{1F600}'.repeat(1024)],
  ])('of events accept an event_name of %s', (_title, name) => {
    expect(parseConfig(withMapping({ ...eventsMapping, event_name: name })).mappings[0]).toMatchObject({ event_name: name });
  });

  it.each([
    ['1025 characters', 'e'.repeat(1025)],
    ['1025 emoji', '\u{1F600}'.repeat(1025)],
  ])('of events reject an event_name of %s, naming the limit', (_title, name) => {
    expect(expectRejectedAt(withMapping({ ...eventsMapping, event_name: name }), 'mappings[0].event_name').message).toContain('1024');
  });

  it('renaming two fields to one property are rejected naming both rules', () => {
    const mapping = { ...usersMapping, rename_fields: [{ from: 'plan', to: 'Plan' }, { from: 'tier', to: 'Tag' }, { from: 'level', to: 'Plan' }] };
    expect(expectRejectedAt(withMapping(mapping), 'mappings[0].rename_fields[2].to').message).toContain('rename_fields[0]');
  });

  it('renaming two fields to names that differ in case are accepted', () => {
    const mapping = { ...usersMapping, rename_fields: [{ from: 'plan', to: 'Plan' }, { from: 'level', to: 'plan' }] };
    expect(parseConfig(withMapping(mapping)).mappings[0]).toEqual(mapping);
  });

  it('of events with only event_name_field are accepted', () => {
    const mapping = { ...eventsMapping, event_name: undefined, event_name_field: 'kind' };
    expect(parseConfig(withMapping(mapping)).mappings[0]).toEqual({ stream: 'orders', sync_type: 'events', identity_field: 'user_id', event_name_field: 'kind' });
  });

  it('for the same stream twice are rejected naming the second', () => {
    const error = expectRejectedAt(config({ mappings: [eventsMapping, { ...usersMapping, stream: 'orders' }] }), 'mappings[1].stream');
    expect(error.message).toContain('mappings[0]');
  });

  it('for "*" twice are rejected', () => {
    expectRejectedAt(config({ mappings: [{ ...eventsMapping, stream: '*' }, { ...usersMapping, stream: '*' }] }), 'mappings[1].stream');
  });

  it('for the same stream in different namespaces are accepted', () => {
    const mappings = [
      { ...eventsMapping, namespace: 'shop' },
      { ...eventsMapping, namespace: 'archive' },
      eventsMapping,
    ];
    expect(parseConfig(config({ mappings })).mappings).toHaveLength(3);
  });
});

describe('a user property named id', () => {
  it.each(['id', 'ID', 'Id', 'iD'])('is rejected as the target of a rename (%s)', (name) => {
    const mapping = { ...usersMapping, rename_fields: [{ from: 'plan', to: 'Plan' }, { from: 'external_id', to: name }] };
    expect(expectRejectedAt(withMapping(mapping), 'mappings[0].rename_fields[1].to').message).toContain(`"${name}"`);
  });

  it.each(['id', 'ID'])('is rejected as an included field (%s)', (name) => {
    const mapping = { ...usersMapping, include_fields: ['plan', name] };
    expect(expectRejectedAt(withMapping(mapping), 'mappings[0].include_fields[1]').message).toContain(`"${name}"`);
  });

  it('is accepted as an included field that is renamed to something else', () => {
    const mapping = { ...usersMapping, include_fields: ['id'], rename_fields: [{ from: 'id', to: 'external_id' }] };
    expect(parseConfig(withMapping(mapping)).mappings[0]).toEqual(mapping);
  });

  it('is accepted in an events mapping', () => {
    const mapping = { ...eventsMapping, rename_fields: [{ from: 'order_id', to: 'id' }] };
    expect(parseConfig(withMapping(mapping)).mappings[0]).toEqual(mapping);
  });

  it('is accepted in an account properties mapping', () => {
    const mapping = { ...accountsMapping, include_fields: ['ID'] };
    expect(parseConfig(withMapping(mapping)).mappings[0]).toEqual(mapping);
  });
});

describe('heapUrl', () => {
  it.each([
    ['the US host by default', {}, 'https://heapanalytics.com'],
    ['the US host for region us', { region: 'us' }, 'https://heapanalytics.com'],
    ['the EU host for region eu', { region: 'eu' }, 'https://c.eu.heap-api.com'],
    ['base_url over region', { region: 'eu', base_url: 'https://heap-proxy.example.com' }, 'https://heap-proxy.example.com'],
    ['base_url without its trailing slash', { base_url: 'https://heap-proxy.example.com/' }, 'https://heap-proxy.example.com'],
    ['base_url without any trailing slashes', { base_url: 'http://127.0.0.1:8080//' }, 'http://127.0.0.1:8080'],
    ['base_url with its path prefix', { base_url: 'https://proxy.example.com/heap/' }, 'https://proxy.example.com/heap'],
  ])('is %s', (_title, extra, heapUrl) => {
    expect(parseConfig(config(extra)).heapUrl).toBe(heapUrl);
  });
});

describe('the api_key value', () => {
  it.each([
    ['a bad app_id', { app_id: 'abc' }],
    ['an unknown key', { apiKey: SECRET }],
    ['a bad region', { region: SECRET }],
    ['a bad base_url', { base_url: `http://${SECRET}.example.com` }],
    ['a bad mapping', { mappings: [{ ...eventsMapping, sync_type: 'track' }] }],
    ['a bad batch_size', { batch_size: 0 }],
  ])('never appears in the error for %s', (_title, extra) => {
    const error = rejection(config({ api_key: SECRET, ...extra }));
    expect(secretFragmentsIn(error.message)).toEqual([]);
    expect(secretFragmentsIn(error.internalMessage)).toEqual([]);
  });

  it('of the wrong type never appears in the error', () => {
    const numericSecret = 98765432123456;
    expect(rejection(config({ api_key: numericSecret })).message).not.toContain(String(numericSecret));
  });

  it('set but empty is rejected naming api_key', () => {
    expectRejectedAt(config({ api_key: '' }), 'api_key');
  });

  it('never appears in a suggestion for a misspelled key', () => {
    const error = rejection(config({ apiKey: SECRET }));
    expect(error.message).toContain('"api_key"');
    expect(secretFragmentsIn(error.message)).toEqual([]);
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'destination-heap-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  async function loadError(path: string): Promise<ConfigError> {
    try {
      await loadConfig(path);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw new Error(`expected a ConfigError, got ${String(error)}`);
    }
    throw new Error('expected loadConfig to fail');
  }

  it('reads, validates and completes a config file', async () => {
    const path = await file('good.json', JSON.stringify(config({ region: 'eu', api_key: SECRET })));
    expect(await loadConfig(path)).toEqual({ ...DEFAULTS, ...minimal, region: 'eu', api_key: SECRET, heapUrl: REGION_URLS.eu });
  });

  it('fails with CONFIG_UNREADABLE naming a missing file', async () => {
    const path = join(dir, 'missing.json');
    const error = await loadError(path);
    expect(error.code).toBe('CONFIG_UNREADABLE');
    expect(error.failureType).toBe('config_error');
    expect(error.message).toContain(path);
  });

  it('fails with CONFIG_NOT_JSON naming a file that is not JSON', async () => {
    const path = await file('not-json.json', '{"app_id": "1",');
    const error = await loadError(path);
    expect(error.code).toBe('CONFIG_NOT_JSON');
    expect(error.message).toContain(path);
  });

  it.each([
    ['a trailing comma (V8 states the position)', '{\n  "app_id": "1",\n  "mappings": [],\n}\n', 4, 1],
    ['an unquoted word (V8 states no position)', '{\n  "app_id": undefined\n}', 2, 13],
    ['a single-quoted string', "{\n\n    'app_id': '1'}", 3, 5],
    ['characters beyond ASCII before the error, counted as one each', '{"name": "\u{1F600}\u{1F600}", x}', 1, 16],
  ])('fails with CONFIG_NOT_JSON naming the line and column of %s', async (title, text, line, column) => {
    const path = await file(`at-${title.replace(/\W+/g, '-')}.json`, text);
    const error = await loadError(path);
    expect(error.code).toBe('CONFIG_NOT_JSON');
    expect(error.message).toContain(`line ${line}, column ${column}`);
  });

  it('fails with CONFIG_NOT_JSON for a file that ends before the JSON does, naming where it ends', async () => {
    const path = await file('cut-short.json', '{\n  "app_id": "1",\n  "mappings": [');
    expect((await loadError(path)).message).toContain('line 3, column 16');
  });

  it('fails with CONFIG_NOT_JSON for an empty file, saying it is empty', async () => {
    const path = await file('empty.json', ' \n');
    const error = await loadError(path);
    expect(error.code).toBe('CONFIG_NOT_JSON');
    expect(error.message).toContain('empty');
  });

  it('reads a file that starts with a byte order mark', async () => {
    const path = await file('bom.json', `\uFEFF${JSON.stringify(minimal)}`);
    expect(await loadConfig(path)).toMatchObject(minimal);
  });

  it('fails with CONFIG_INVALID for a file that fails the schema', async () => {
    const path = await file('invalid.json', JSON.stringify(config({ app_id: 'x' })));
    expect((await loadError(path)).code).toBe('CONFIG_INVALID');
  });

  // V8's JSON.parse messages quote a slice of the text around the error, which may be the key.
  it.each([
    ['unquoted', `{"app_id": "1", "api_key": ${SECRET}}`],
    ['followed by junk', `{"api_key": "${SECRET}", "app_id": undefined}`],
    ['alone', SECRET],
  ])('never puts any part of the api_key of a malformed file (%s) in the error', async (title, text) => {
    const path = await file(`leaky-${title.replace(/\W+/g, '-')}.json`, text);
    const error = await loadError(path);
    expect(error.code).toBe('CONFIG_NOT_JSON');
    for (const message of [error.message, error.internalMessage]) {
      expect(secretFragmentsIn(message.replace(path, ''))).toEqual([]);
    }
  });
});

describe('user_deletions and identify mappings', () => {
  const deletions = { stream: 'erasures', sync_type: 'user_deletions' };
  const identify = { stream: 'links', sync_type: 'identify', user_id_field: 'heap_user_id', identity_field: 'email' };

  it('a deletions mapping names its user by identity_field or by user_id_field', () => {
    expect(parseConfig(withMapping({ ...deletions, identity_field: 'email' })).mappings[0]).toMatchObject({ identity_field: 'email' });
    expect(parseConfig(withMapping({ ...deletions, user_id_field: 'uid' })).mappings[0]).toMatchObject({ user_id_field: 'uid' });
  });

  it.each([
    ['neither field', {}],
    ['both fields', { identity_field: 'email', user_id_field: 'uid' }],
  ])('a deletions mapping with %s is rejected at its identity_field', (_what, fields) => {
    expectRejectedAt(withMapping({ ...deletions, ...fields }), 'mappings[0].identity_field');
  });

  it('a deletions or identify mapping takes no include, exclude or rename (no property is sent)', () => {
    expect(rejection(withMapping({ ...deletions, identity_field: 'email', include_fields: ['a'] })).message).toContain(
      'mappings[0]: "include_fields" does not apply to sync_type "user_deletions"',
    );
    expect(rejection(withMapping({ ...identify, rename_fields: [{ from: 'a', to: 'b' }] })).message).toContain(
      'mappings[0]: "rename_fields" does not apply to sync_type "identify"',
    );
  });

  it('an identify mapping needs user_id_field and identity_field; timestamp_field is optional', () => {
    expect(parseConfig(withMapping({ ...identify, timestamp_field: 'at' })).mappings[0]).toMatchObject({ timestamp_field: 'at' });
    expectRejectedAt(withMapping({ ...identify, user_id_field: undefined }), 'mappings[0].user_id_field');
  });
});
