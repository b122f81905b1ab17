/**
 * Contract §3 "Identity / account id": an identity or account id of only whitespace is rejected
 * (counted in rejectedRecordCount), never sent: Heap would file every such record under one blank
 * user or account.
 */
import { beforeAll, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { accountsMapping, eventsMapping, heapConfig, usersMapping } from './harness/config.js';
import { catalog, echoOf, record, streamState } from './harness/protocol.js';
import { accountProps, eventsOf, useSandbox, userProps, type Sandbox } from './harness/sandbox.js';

const states = {
  clicks: streamState('clicks', { cursor: 1 }),
  people: streamState('people', { cursor: 1 }),
  companies: streamState('companies', { cursor: 1 }),
};

const input = [
  record('clicks', { user_id: ' ', seq: 1 }),
  record('clicks', { user_id: '\t\r\n', seq: 2 }),
  record('clicks', { user_id: '\u00a0', seq: 3 }),
  record('clicks', { user_id: ' ann ', seq: 4 }),
  states.clicks,
  record('people', { user_id: '   ', plan: 'pro' }),
  record('people', { user_id: 'bob', plan: 'free' }),
  states.people,
  record('companies', { account_id: '  ', tier: 'gold' }),
  record('companies', { account_id: 'acme', tier: 'silver' }),
  states.companies,
];

let sandbox: Sandbox;
let result: ConnectorResult;

beforeAll(async () => {
  sandbox = await useSandbox();
  const config = heapConfig(sandbox, { mappings: [eventsMapping('clicks'), usersMapping('people'), accountsMapping('companies')] });
  result = await runWrite({ config, catalog: catalog('clicks', 'people', 'companies'), input });
});

it('exits 0 (rejected records are skipped by default)', () => expectClean(result));

it('sends no event whose identity is only whitespace, and keeps one with spaces around other characters', () => {
  expect(eventsOf(sandbox).map((e) => e.identity)).toEqual([' ann ']);
  expect(result.states[0]).toEqual(echoOf(states.clicks, 1, 3));
});

it('upserts no user whose identity is only whitespace', () => {
  expect(userProps(sandbox, '   ')).toBeUndefined();
  expect(userProps(sandbox, 'bob')).toEqual({ plan: 'free' });
  expect(result.states[1]).toEqual(echoOf(states.people, 1, 1));
});

it('upserts no account whose id is only whitespace', () => {
  expect(accountProps(sandbox, '  ')).toBeUndefined();
  expect(accountProps(sandbox, 'acme')).toEqual({ tier: 'silver' });
  expect(result.states[2]).toEqual(echoOf(states.companies, 1, 1));
});

it('keeps identities with leading or trailing spaces as they are, with one WARN per stream naming the field', async () => {
  const padded = await useSandbox();
  const config = heapConfig(padded, { mappings: [eventsMapping('clicks'), usersMapping('people')] });
  const input = [
    record('clicks', { user_id: ' ann', seq: 1 }),
    record('clicks', { user_id: 'bob ', seq: 2 }),
    record('clicks', { user_id: 'cid', seq: 3 }),
    record('people', { user_id: ' dee ', plan: 'pro' }),
    record('people', { user_id: 'eve\t', plan: 'free' }),
  ];
  const run = await runWrite({ config, catalog: catalog('clicks', 'people'), input });
  expectClean(run);
  expect(eventsOf(padded).map((e) => e.identity)).toEqual([' ann', 'bob ', 'cid']);
  expect(userProps(padded, ' dee ')).toEqual({ plan: 'pro' });
  const warnings = run.logs.filter((log) => log.level === 'WARN' && log.message.includes('"user_id"'));
  expect(warnings.map((log) => log.message.match(/Stream "(\w+)"/)?.[1])).toEqual(['clicks', 'people']);
});
