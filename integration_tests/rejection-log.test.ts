/**
 * Contract §3: the log stays readable however many records are rejected. 20,000 rejections make
 * well under 100 WARN lines (the first 10 per stream and reason one by one, then counts), every
 * one is still counted in the states, and the end summary breaks them down by stream and reason.
 */
import { beforeAll, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, echoOf, record, streamState } from './harness/protocol.js';
import { eventsOf, useSandbox, type Sandbox } from './harness/sandbox.js';

const ORDERS_MISSING = 15_000;
const CLICKS_WRONG_TYPE = 5_000;

const states = { orders: streamState('orders', { cursor: 'end' }), clicks: streamState('clicks', { cursor: 'end' }) };

// Each stream opens with a record that maps: a stream whose first 100 records are all rejected
// alike fails the sync instead (broken-mapping.test.ts).
function* input(): Generator<unknown> {
  yield record('orders', { user_id: 'ann', seq: -1 });
  for (let i = 0; i < ORDERS_MISSING; i++) yield record('orders', { seq: i, note: 'no identity here' });
  yield states.orders;
  yield record('clicks', { user_id: 'bob', seq: -1 });
  for (let i = 0; i < CLICKS_WRONG_TYPE; i++) yield record('clicks', { user_id: { nested: true }, seq: i });
  yield states.clicks;
}

let sandbox: Sandbox;
let result: ConnectorResult;

beforeAll(async () => {
  sandbox = await useSandbox();
  const config = heapConfig(sandbox, { mappings: [eventsMapping('orders'), eventsMapping('clicks')] });
  result = await runWrite({ config, catalog: catalog('orders', 'clicks'), input: input() }, { timeoutMs: 120_000 });
}, 130_000);

it('exits 0 and delivers the good records', () => {
  expectClean(result);
  expect(eventsOf(sandbox)).toHaveLength(2);
});

it('counts every rejection in the states', () => {
  expect(result.states).toEqual([echoOf(states.orders, 1, ORDERS_MISSING), echoOf(states.clicks, 1, CLICKS_WRONG_TYPE)]);
});

it('prints well under 100 WARN lines for 20,000 rejections, at least the first 10 per stream and reason', () => {
  const warnings = result.logs.filter((log) => log.level === 'WARN');
  expect(warnings.length).toBeLessThan(100);
  expect(warnings.length).toBeGreaterThanOrEqual(20);
});

it('breaks the rejections down by stream and reason in the end summary', () => {
  const summary = result.logs.filter((log) => log.level === 'INFO').at(-1)?.message ?? '';
  expect(summary).toContain(`"orders": ${ORDERS_MISSING} ×`);
  expect(summary).toContain(`"clicks": ${CLICKS_WRONG_TYPE} ×`);
});
