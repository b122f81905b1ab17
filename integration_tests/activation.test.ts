/**
 * Data activation: `discover` prints the objects a host can map columns onto, and `write` /
 * `preview` serve a catalog stream that names one of them in `destination_object_name` by the
 * object's field names, with no mapping in the config. Conflicts between a stream's object, its
 * mappings and its sync mode are config errors before stdin is read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { runDiscover, runWrite, startWrite } from './harness/commands.js';
import { runConnector, type ConnectorResult } from './harness/connector.js';
import { APP_ID, eventsMapping, usersMapping } from './harness/config.js';
import { catalog, configuredStream, echoOf, record, streamState, type ConfiguredStream, type JsonObject } from './harness/protocol.js';
import { ACCOUNTS, accountProps, eventsOf, requestsTo, TRACK, USERS, userProps, useSandbox, type Sandbox } from './harness/sandbox.js';
import { runPreview } from './harness/shell.js';

/** A config with no mappings at all: data-activation streams need none. */
const activationConfig = (sandbox: Sandbox, extra: JsonObject = {}): JsonObject => ({ app_id: APP_ID, base_url: sandbox.url, ...extra });

/** A configured stream writing to a destination object. */
function objectStream(name: string, object: string, destinationSyncMode: string, extra: JsonObject = {}): ConfiguredStream {
  return { ...configuredStream(name, { destinationSyncMode }), destination_object_name: object, ...extra };
}

interface Operation {
  object_name: string;
  sync_mode: string;
  json_schema: { type: string; required?: string[]; properties: Record<string, unknown>; additionalProperties?: unknown };
  matching_keys?: string[][];
}

describe.concurrent('discover', () => {
  let result: ConnectorResult;
  let operations: Operation[];
  beforeAll(async () => {
    result = await runDiscover({ app_id: APP_ID });
    const catalogs = result.messages.filter((m) => m.type === 'DESTINATION_CATALOG');
    operations = ((catalogs[0]?.destination_catalog as { operations?: Operation[] } | undefined)?.operations ?? []) as Operation[];
  });

  it('prints exactly one message, a DESTINATION_CATALOG, and exits 0 (a config without mappings is valid)', () => {
    expect(result.exitCode).toBe(0);
    expect(result.messages.filter((m) => m.type !== 'LOG').map((m) => m.type)).toEqual(['DESTINATION_CATALOG']);
  });

  it('offers events (append), user_properties (update), account_properties (update), user_deletions (append) and identify (append)', () => {
    expect(operations.map((o) => [o.object_name, o.sync_mode])).toEqual([
      ['events', 'append'],
      ['user_properties', 'update'],
      ['account_properties', 'update'],
      ['user_deletions', 'append'],
      ['identify', 'append'],
    ]);
  });

  it('gives each object its required and optional fields, and allows further fields', () => {
    const fields = Object.fromEntries(
      operations.map((o) => [o.object_name, { required: o.json_schema.required, all: Object.keys(o.json_schema.properties), more: o.json_schema.additionalProperties }]),
    );
    expect(fields).toEqual({
      events: { required: ['identity', 'event'], all: ['identity', 'event', 'timestamp', 'idempotency_key'], more: true },
      user_properties: { required: ['identity'], all: ['identity'], more: true },
      account_properties: { required: ['account_id'], all: ['account_id'], more: true },
      // One of identity and user_id: the schema's oneOf (integration_tests/identify.test.ts).
      user_deletions: { required: [], all: ['identity', 'user_id'], more: true },
      identify: { required: ['user_id', 'identity'], all: ['user_id', 'identity', 'timestamp'], more: true },
    });
    for (const operation of operations) expect(operation.json_schema.type).toBe('object');
  });

  it('matches property objects on their key, and events on none', () => {
    expect(Object.fromEntries(operations.map((o) => [o.object_name, o.matching_keys]))).toEqual({
      events: undefined,
      user_properties: [['identity']],
      account_properties: [['account_id']],
      user_deletions: undefined,
      identify: undefined,
    });
  });

  it.each([
    ['a config that fails the schema', { app_id: 'not-digits' }],
    ['a config file that is not JSON', { raw: 'app_id=4242' }],
    ['a missing config file', { missing: true }],
  ])('%s is a TRACE config_error, exit 1, and no catalog', async (_what, config) => {
    const failed = await runDiscover(config);
    expectFatal(failed, 'config_error');
    expect(failed.messages.filter((m) => m.type === 'DESTINATION_CATALOG')).toEqual([]);
  });

  it('without --config is a TRACE config_error, exit 1', async () => {
    const failed = await runConnector(['discover']);
    expectFatal(failed, 'config_error');
  });
});

// ---- each object through write and preview ------------------------------------------------------

const eventsState = streamState('orders', { cursor: 3 });
const input = [
  /* 1 */ record('orders', { identity: 'ann', event: 'Order Completed', timestamp: '2024-11-28T10:40:00Z', idempotency_key: 'order-1', total: 1999, customer: { vip: true } }),
  // The same idempotency_key value again (another row, even other values): Heap keeps one event.
  /* 2 */ record('orders', { identity: 'ann', event: 'Order Completed', timestamp: '2024-11-28T10:41:00Z', idempotency_key: 'order-1', total: 5 }),
  /* 3 */ record('orders', { identity: 4711, event: 'Signed Up', plan: 'pro', seq: 3 }),
  /* 4 */ record('orders', { identity: 'bob', event: 'Signed Up', timestamp: null }),
  /* 5 */ record('orders', { event: 'No Identity' }),
  /* 6 */ eventsState,
  /* 7 */ record('people', { identity: 'ann', plan: 'free', seats: 1, id: 9 }),
  /* 8 */ record('people', { identity: 'ann', plan: 'pro' }),
  /* 9 */ record('companies', { account_id: 'acme', tier: 'gold', employees: 10 }),
  /* 10 */ record('companies', { account_id: 'acme', tier: 'platinum' }),
  /* 11 */ record('companies', { account_id: 99, tier: 'silver' }),
];
const objectsCatalog = catalog(
  objectStream('orders', 'events', 'append'),
  objectStream('people', 'user_properties', 'update'),
  objectStream('companies', 'account_properties', 'append_dedup', { primary_key: [['account_id']] }),
);

describe.concurrent('write and preview of streams that name a destination object', () => {
  let sandbox: Sandbox;
  let written: ConnectorResult;
  let previewed: Awaited<ReturnType<typeof runPreview>>;

  beforeAll(async () => {
    sandbox = await useSandbox();
    [written, previewed] = await Promise.all([
      runWrite({ config: activationConfig(sandbox), catalog: objectsCatalog, input }),
      runPreview({ config: activationConfig(sandbox), catalog: objectsCatalog, input }),
    ]);
  });

  it('write exits 0 with no mapping in the config and echoes the state with its counts', () => {
    expectClean(written);
    expect(written.states).toEqual([echoOf(eventsState, 3, 2)]);
  });

  it('events: identity, event and timestamp decide the event; other fields become properties', () => {
    const signup = eventsOf(sandbox).find((e) => e.identity === '4711');
    expect(signup).toMatchObject({ event: 'Signed Up', properties: { plan: 'pro', seq: 3 } });
    expect(signup?.timestamp).toBeUndefined();
    const order = eventsOf(sandbox).find((e) => e.identity === 'ann');
    expect(order).toMatchObject({ event: 'Order Completed', timestamp: '2024-11-28T10:40:00.000Z', properties: { total: 1999, 'customer.vip': 'true' } });
    expect(Object.keys(order!.properties).sort()).toEqual(['customer.vip', 'total']);
  });

  it('events: the same idempotency_key value twice gives one event in Heap', () => {
    const orders = eventsOf(sandbox).filter((e) => e.event === 'Order Completed');
    expect(orders).toHaveLength(1);
    expect(sandbox.store.counters.eventsDeduplicated).toBe(1);
    const sent = previewed.preview.mapped.filter((m) => m.line === 1 || m.line === 2).map((m) => (m.item as { idempotency_key: string }).idempotency_key);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(sent[1]);
  });

  it('events: a null timestamp and a missing identity are rejected, naming the field', () => {
    expect(previewed.preview.rejected.map((r) => [r.line, r.rejected.split(' ').slice(0, 2).join(' ')])).toEqual([
      [4, 'field "timestamp"'],
      [5, 'field "identity"'],
    ]);
  });

  it('user_properties: matched on identity, the last record read wins; identity and "id" are not properties', () => {
    expect(userProps(sandbox, 'ann')).toEqual({ plan: 'pro', seats: 1 });
    expect(requestsTo(sandbox, USERS).length).toBeGreaterThan(0);
  });

  it('account_properties: matched on account_id, the last record read wins; a number id is its decimal text', () => {
    expect(accountProps(sandbox, 'acme')).toEqual({ tier: 'platinum', employees: 10 });
    expect(accountProps(sandbox, '99')).toEqual({ tier: 'silver' });
    expect(requestsTo(sandbox, ACCOUNTS).length).toBeGreaterThan(0);
  });

  it('preview prints, per record, the item write sent, sending nothing itself', () => {
    expect(previewed.exitCode).toBe(0);
    expect(previewed.preview.summary).toEqual({ records: 10, mapped: 8, rejected: 2, invalid: 0 });
    const endpoints = Object.fromEntries(previewed.preview.mapped.map((m) => [m.line, m.endpoint]));
    expect(endpoints).toEqual({ 1: TRACK, 2: TRACK, 3: TRACK, 7: USERS, 8: USERS, 9: ACCOUNTS, 10: ACCOUNTS, 11: ACCOUNTS });
    const signup = previewed.preview.mapped.find((m) => m.line === 3)?.item;
    const stored = eventsOf(sandbox).find((e) => e.identity === '4711');
    expect(signup).toEqual({ identity: stored?.identity, event: stored?.event, idempotency_key: stored?.idempotency_key, properties: stored?.properties });
    expect(previewed.preview.mapped.find((m) => m.line === 7)?.item).toEqual({ identity: 'ann', properties: { plan: 'free', seats: 1 } });
  });
});

describe.concurrent('idempotency of data-activation events', () => {
  const stream = catalog(objectStream('orders', 'events', 'append'));
  const rows = [
    record('orders', { identity: 'u1', event: 'Paid', idempotency_key: 'k-1', amount: 1 }),
    record('orders', { identity: 'u1', event: 'Paid', idempotency_key: 'k-2', amount: 1 }),
  ];

  it('a re-run of the same rows adds no event', async () => {
    const sandbox = await useSandbox();
    const first = await runWrite({ config: activationConfig(sandbox), catalog: stream, input: rows });
    const second = await runWrite({ config: activationConfig(sandbox), catalog: stream, input: rows });
    expectClean(first);
    expectClean(second);
    expect(eventsOf(sandbox)).toHaveLength(2);
    expect(sandbox.store.counters.eventsDeduplicated).toBe(2);
  });

  it('the key is made from the idempotency_key value, not the whole record', async () => {
    const sandbox = await useSandbox();
    const changed = [record('orders', { identity: 'u1', event: 'Paid', idempotency_key: 'k-1', amount: 2, note: 'edited' })];
    const result = await runWrite({ config: activationConfig(sandbox), catalog: stream, input: [...rows, ...changed] });
    expectClean(result);
    expect(eventsOf(sandbox).map((e) => e.properties.amount)).toEqual([1, 1]);
  });

  it('without an idempotency_key, rows that differ are different events', async () => {
    const sandbox = await useSandbox();
    const plain = [record('orders', { identity: 'u1', event: 'Paid', amount: 1 }), record('orders', { identity: 'u1', event: 'Paid', amount: 2 })];
    const result = await runWrite({ config: activationConfig(sandbox), catalog: stream, input: plain });
    expectClean(result);
    expect(eventsOf(sandbox)).toHaveLength(2);
  });
});

// ---- conflicts ----------------------------------------------------------------------------------

describe.concurrent('a catalog the connector cannot serve fails before reading stdin (stdin left open)', () => {
  /** Starts write with stdin open: the run must end by itself with a config_error. */
  async function refused(config: (sandbox: Sandbox) => JsonObject, streams: ConfiguredStream[]): Promise<{ error: { message: string }; sandbox: Sandbox }> {
    const sandbox = await useSandbox();
    const child = startWrite({ config: config(sandbox), catalog: { streams } }, { timeoutMs: 20_000 });
    const result = await child.done;
    const error = expectFatal(result, 'config_error');
    expect(sandbox.store.requests).toEqual([]);
    return { error, sandbox };
  }

  it('a stream with a destination_object_name and a mapping of its own', async () => {
    const { error } = await refused((s) => activationConfig(s, { mappings: [eventsMapping('orders')] }), [objectStream('orders', 'events', 'append')]);
    expect(error.message).toContain('"orders"');
    expect(error.message).toContain('mappings[0]');
  });

  it('a stream with a destination_object_name and a mapping of its own for its namespace', async () => {
    const streams = [{ ...objectStream('people', 'user_properties', 'update'), stream: { name: 'people', namespace: 'crm', json_schema: {} } }];
    const { error } = await refused((s) => activationConfig(s, { mappings: [usersMapping('people', { namespace: 'crm' })] }), streams);
    expect(error.message).toContain('crm.people');
  });

  it('an unknown object name, naming the three objects', async () => {
    const { error } = await refused(activationConfig, [objectStream('orders', 'tickets', 'append')]);
    expect(error.message).toContain('"tickets"');
    for (const name of ['events', 'user_properties', 'account_properties']) expect(error.message).toContain(`"${name}"`);
  });

  it('the update sync mode on the events object', async () => {
    const { error } = await refused(activationConfig, [objectStream('orders', 'events', 'update')]);
    expect(error.message).toContain('"update"');
  });

  it('the update sync mode on a stream with an events mapping', async () => {
    const streams = [configuredStream('orders', { destinationSyncMode: 'update' })];
    await refused((s) => activationConfig(s, { mappings: [eventsMapping('orders')] }), streams);
  });

  it('a stream with neither an object nor a mapping, now that mappings may be left out', async () => {
    const { error } = await refused(activationConfig, [configuredStream('orders')]);
    expect(error.message).toContain('destination_object_name');
  });

  it('preview refuses the same conflicts with exit 1, before reading stdin', async () => {
    const sandbox = await useSandbox();
    const result = await runPreview(
      { config: activationConfig(sandbox, { mappings: [eventsMapping('orders')] }), catalog: catalog(objectStream('orders', 'events', 'append')) },
      { timeoutMs: 20_000 },
    );
    expect(result.exitCode).toBe(1);
    expect(result.preview.lines).toEqual([]);
  });
});

describe.concurrent('mappings beside destination objects', () => {
  it('a "*" mapping does not serve a stream that names a destination object; it serves the others', async () => {
    const sandbox = await useSandbox();
    const config = activationConfig(sandbox, { mappings: [eventsMapping('*', { event_name: 'From Mapping' })] });
    const streams = catalog(objectStream('people', 'user_properties', 'update'), 'clicks');
    const result = await runWrite({
      config,
      catalog: streams,
      input: [record('people', { identity: 'ann', user_id: 'not-used', plan: 'pro' }), record('clicks', { user_id: 'bob', seq: 1 })],
    });
    expectClean(result);
    expect(userProps(sandbox, 'ann')).toEqual({ user_id: 'not-used', plan: 'pro' });
    expect(eventsOf(sandbox).map((e) => [e.identity, e.event])).toEqual([['bob', 'From Mapping']]);
  });

  it('update is accepted for a stream with a user_properties mapping', async () => {
    const sandbox = await useSandbox();
    const result = await runWrite({
      config: activationConfig(sandbox, { mappings: [usersMapping('people')] }),
      catalog: catalog(configuredStream('people', { destinationSyncMode: 'update' })),
      input: [record('people', { user_id: 'ann', plan: 'pro' })],
    });
    expectClean(result);
    expect(userProps(sandbox, 'ann')).toEqual({ plan: 'pro' });
  });
});
