/**
 * User and account property upserts (docs/heap.md, "Mapping rules" and "Delivery and state"). One sync carries a users stream, an
 * accounts stream and an events stream; a mapping that names "id" as a user property is refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { accountsMapping, eventsMapping, heapConfig, usersMapping } from './harness/config.js';
import { catalog, echoOf, record, streamState, type StatePayload } from './harness/protocol.js';
import {
  ACCOUNTS,
  accountProps,
  eventsOf,
  requestsTo,
  USERS,
  userProps,
  useSandbox,
  type Sandbox,
} from './harness/sandbox.js';

const usersState = streamState('users', { cursor: 9 });
const companiesState = streamState('companies', { cursor: 'z' });

const input = [
  record('users', { user_id: 'ann', plan: 'free', seats: 1, admin: true }),
  record('users', { user_id: 'bob', plan: 'pro', email: 'bob@example.com' }),
  record('users', { user_id: 'ann', plan: 'pro' }),
  record('users', { user_id: 'cid', first: 'one' }),
  record('users', { user_id: 'cid', second: 'two' }),
  record('users', { user_id: 'dan', id: 1, Id: 2, ID: 3, name: 'Dan' }),
  record('users', { user_id: 4711, plan: 'numeric' }),
  record('users', { plan: 'no identity' }),
  record('users', { user_id: 'eve', profile: { city: 'Oslo' }, tags: ['a', 'b'] }),
  record('users', { user_id: 'fay' }),
  usersState,
  record('companies', { account_id: 'acme', plan: 'enterprise', employees: 500 }),
  record('companies', { account_id: 'globex', plan: 'free' }),
  record('companies', { account_id: 'acme', plan: 'churned' }),
  record('companies', { account_id: 99, plan: 'numeric' }),
  record('companies', { account_id: '', plan: 'empty id' }),
  record('companies', { plan: 'no id' }),
  record('companies', { account_id: 'a'.repeat(256), plan: 'too long' }),
  companiesState,
  record('clicks', { user_id: 'ann', id: 7 }),
];

let sandbox: Sandbox;
let result: ConnectorResult;

beforeAll(async () => {
  sandbox = await useSandbox();
  const config = heapConfig(sandbox, {
    mappings: [usersMapping('users'), accountsMapping('companies'), eventsMapping('clicks')],
  });
  result = await runWrite({ config, catalog: catalog('users', 'companies', 'clicks'), input });
});

const echoFor = (stream: string): StatePayload | undefined =>
  result.states.find((s) => (s.stream as { stream_descriptor: { name: string } }).stream_descriptor.name === stream);

it('exits 0 without an error', () => expectClean(result));

describe('user properties', () => {
  it('upserts users through POST /api/add_user_properties', () => {
    expect(requestsTo(sandbox, USERS).length).toBeGreaterThanOrEqual(1);
  });

  it('sets the record fields as properties of the user with that identity', () => {
    expect(userProps(sandbox, 'bob')).toEqual({ plan: 'pro', email: 'bob@example.com' });
  });

  it('does not send the identity field as a property unless included', () => {
    expect(userProps(sandbox, 'bob')).not.toHaveProperty('user_id');
  });

  it('the later record of the same identity wins', () => {
    expect(userProps(sandbox, 'ann')).toMatchObject({ plan: 'pro' });
  });

  it('properties of earlier records of the same identity are kept when not overwritten', () => {
    expect(userProps(sandbox, 'ann')).toEqual({ plan: 'pro', seats: 1, admin: 'true' });
    expect(userProps(sandbox, 'cid')).toEqual({ first: 'one', second: 'two' });
  });

  it('leaves out a property named "id" in any casing (Heap refuses it)', () => {
    expect(userProps(sandbox, 'dan')).toEqual({ name: 'Dan' });
  });

  it('turns a numeric identity into its decimal string', () => {
    expect(userProps(sandbox, '4711')).toEqual({ plan: 'numeric' });
  });

  it('converts values as for events (nested → dot keys, arrays → a||b)', () => {
    expect(userProps(sandbox, 'eve')).toEqual({ 'profile.city': 'Oslo', tags: 'a||b' });
  });

  it('a record with nothing but its identity upserts the user with empty properties', () => {
    expect(userProps(sandbox, 'fay')).toEqual({});
  });

  it('counts the record without identity as rejected', () => {
    expect(echoFor('users')).toEqual(echoOf(usersState, 9, 1));
  });
});

describe('account properties', () => {
  it('upserts accounts through POST /api/add_account_properties', () => {
    expect(requestsTo(sandbox, ACCOUNTS).length).toBeGreaterThanOrEqual(1);
  });

  it('sets the record fields as properties of the account with that id', () => {
    expect(accountProps(sandbox, 'globex')).toEqual({ plan: 'free' });
  });

  it('the later record of the same account id wins', () => {
    expect(accountProps(sandbox, 'acme')).toEqual({ plan: 'churned', employees: 500 });
  });

  it('turns a numeric account id into its decimal string', () => {
    expect(accountProps(sandbox, '99')).toEqual({ plan: 'numeric' });
  });

  it('rejects an empty, missing or too long account id and counts it', () => {
    expect(echoFor('companies')).toEqual(echoOf(companiesState, 4, 3));
  });
});

describe('the key "id"', () => {
  it('an events mapping may send a property named "id"', () => {
    expect(eventsOf(sandbox).map((e) => e.properties)).toEqual([{ id: 7 }]);
  });

  it('a user-properties mapping that renames a field to "id" (any casing) is a config_error; nothing is sent', async () => {
    const own = await useSandbox();
    const config = heapConfig(own, { mappings: [usersMapping('users', { rename_fields: [{ from: 'ext', to: 'Id' }] })] });
    const fatal = await runWrite({ config, catalog: catalog('users'), input: [record('users', { user_id: 'a', ext: 1 })] });
    expectFatal(fatal, 'config_error');
    expect(own.store.requests).toEqual([]);
  });
});
