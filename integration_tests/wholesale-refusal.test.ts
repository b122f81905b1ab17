/**
 * Contract §4 "A refusal that is not about records fails the sync": when Heap (or a proxy in front
 * of it) refuses every record alike, each one alone too, the sync ends with TRACE system_error
 * quoting the answer within about 25 requests for a batch of 1000, echoes no state past the
 * refused batch, and exits 1. Bad records themselves, even many, are still isolated and rejected.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig, usersMapping } from './harness/config.js';
import { catalog, echoOf, record, streamState } from './harness/protocol.js';
import { eventsOf, requestsTo, TRACK, USERS, userProps, useSandbox, type Sandbox } from './harness/sandbox.js';

const ANSWER = '{"error":"Unknown app_id"}';

describe.concurrent('Heap refuses everything with 400', () => {
  describe('a batch of 1000 events', () => {
    let sandbox: Sandbox;
    let result: ConnectorResult;
    const before = streamState('s', { cursor: 0 });
    const after = streamState('s', { cursor: 1 });

    beforeAll(async () => {
      sandbox = await useSandbox({ faults: { rules: [{ path: TRACK, status: 400, body: ANSWER }] } });
      const input = [before, ...Array.from({ length: 1000 }, (_, seq) => record('s', { user_id: `user-${seq}`, seq })), after];
      result = await runWrite({ config: heapConfig(sandbox, { mappings: [eventsMapping('s')] }), catalog: catalog('s'), input });
    });

    it('fails the sync with a system_error that quotes the answer and says what to check, exit 1', () => {
      const error = expectFatal(result, 'system_error');
      expect(error.message).toContain('Unknown app_id');
      expect(error.message).toContain('app_id');
      expect(error.message).toContain('base_url');
      expect(error.message).toContain('proxy');
    });

    it('within about 25 requests, not 1999', () => {
      const requests = requestsTo(sandbox, TRACK).length;
      expect(requests).toBeGreaterThan(1);
      expect(requests).toBeLessThanOrEqual(25);
    });

    it('echoes the state before the batch and none past it', () => {
      expect(result.states).toEqual([echoOf(before, 0, 0)]);
    });
  });

  it('batches of one (batch_size 1): the same answer record after record fails the sync too', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ path: USERS, status: 400, body: ANSWER }] } });
    const input = [...Array.from({ length: 300 }, (_, n) => record('people', { user_id: `u-${n}`, n })), streamState('people', { end: true })];
    const config = heapConfig(sandbox, { mappings: [usersMapping('people')], batch_size: 1 });
    const result = await runWrite({ config, catalog: catalog('people'), input });
    expect(expectFatal(result, 'system_error').message).toContain('Unknown app_id');
    expect(result.states).toEqual([]);
    expect(requestsTo(sandbox, USERS).length).toBeLessThan(300);
  });
});

describe.concurrent('bad records are still isolated, however many', () => {
  const poison = (n: number) => `poison-${n}`;

  async function syncWithPoison(isPoison: (seq: number) => boolean) {
    const poisoned = Array.from({ length: 1000 }, (_, seq) => seq).filter(isPoison);
    const sandbox = await useSandbox({ faults: { poisonIdentities: poisoned.map(poison) } });
    const end = streamState('s', { end: true });
    const input = [...Array.from({ length: 1000 }, (_, seq) => record('s', { user_id: isPoison(seq) ? poison(seq) : `user-${seq}`, seq })), end];
    const result = await runWrite({ config: heapConfig(sandbox, { mappings: [eventsMapping('s')] }), catalog: catalog('s'), input });
    return { sandbox, result, end, bad: poisoned.length };
  }

  it('the first 8 of 1000 bad (all where isolation looks first): rejected, the rest delivered, exit 0', async () => {
    const { sandbox, result, end, bad } = await syncWithPoison((seq) => seq < 8);
    expectClean(result);
    expect(result.states).toEqual([echoOf(end, 1000 - bad, bad)]);
    expect(eventsOf(sandbox)).toHaveLength(1000 - bad);
  });

  it('400 of 1000 bad, spread out (fewer than half): isolated and rejected, never a failure', async () => {
    const { sandbox, result, end, bad } = await syncWithPoison((seq) => seq % 5 < 2);
    expectClean(result);
    expect(bad).toBe(400);
    expect(result.states).toEqual([echoOf(end, 600, 400)]);
    expect(eventsOf(sandbox)).toHaveLength(600);
  });

  it('one bad record in 1000 costs at most 2·log2(1000) + 1 requests', async () => {
    const { sandbox, result, end } = await syncWithPoison((seq) => seq === 617);
    expectClean(result);
    expect(result.states).toEqual([echoOf(end, 999, 1)]);
    expect(requestsTo(sandbox, TRACK).length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(1000)) + 1);
  });
});

describe('a merged upsert Heap refuses', () => {
  it('is judged record by record, in input order: a bad later record does not take the earlier good ones with it', async () => {
    const sandbox = await useSandbox({ faults: { poisonValues: ['broken'] } });
    const end = streamState('people', { end: true });
    const input = [
      record('people', { user_id: 'ann', plan: 'free' }),
      record('people', { user_id: 'bob', plan: 'pro' }),
      record('people', { user_id: 'ann', seats: 3 }),
      record('people', { user_id: 'ann', plan: 'broken' }),
      end,
    ];
    const result = await runWrite({ config: heapConfig(sandbox, { mappings: [usersMapping('people')] }), catalog: catalog('people'), input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(end, 3, 1)]);
    // The two good records of ann arrive, in input order; only the bad one is rejected.
    expect(userProps(sandbox, 'ann')).toEqual({ plan: 'free', seats: 3 });
    expect(userProps(sandbox, 'bob')).toEqual({ plan: 'pro' });
  });
});
