/**
 * Which mapping serves a record: the stream's own mapping, a namespace-restricted mapping, or
 * the "*" mapping (docs/heap.md "Config reference"). Records of several sync types in one sync go to their endpoints.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { accountsMapping, eventsMapping, heapConfig, usersMapping } from './harness/config.js';
import { catalog, configuredStream, record } from './harness/protocol.js';
import { accountProps, eventWith, userProps, useSandbox, type Sandbox } from './harness/sandbox.js';

describe.concurrent('routing', () => {
  describe('mapping selection', () => {
    let sandbox: Sandbox;
    let result: ConnectorResult;

    beforeAll(async () => {
      sandbox = await useSandbox();
      const config = heapConfig(sandbox, {
        mappings: [
          eventsMapping('orders', { event_name: 'Order (own mapping)' }),
          eventsMapping('visits', { namespace: 'web', event_name: 'Visit (web)' }),
          eventsMapping('*', { event_name: 'Any (star)' }),
          usersMapping('people'),
          accountsMapping('companies'),
        ],
      });
      const streams = catalog(
        'orders',
        'refunds',
        configuredStream('visits', { namespace: 'web' }),
        configuredStream('visits', { namespace: 'mobile' }),
        configuredStream('orders', { namespace: 'archive' }),
        'people',
        'companies',
      );
      const input = [
        record('orders', { user_id: 'u', seq: 1 }),
        record('refunds', { user_id: 'u', seq: 2 }),
        record('visits', { user_id: 'u', seq: 3 }, { namespace: 'web' }),
        record('visits', { user_id: 'u', seq: 4 }, { namespace: 'mobile' }),
        record('orders', { user_id: 'u', seq: 5 }, { namespace: 'archive' }),
        record('people', { user_id: 'person-1', plan: 'pro' }),
        record('companies', { account_id: 'acme', size: 50 }),
      ];
      result = await runWrite({ config, catalog: streams, input });
    });

    it('exits 0 without an error', () => expectClean(result));

    it("a stream with its own mapping uses it, not the '*' mapping", () => {
      expect(eventWith(sandbox, 'seq', 1)?.event).toBe('Order (own mapping)');
    });

    it("a stream without its own mapping uses the '*' mapping", () => {
      expect(eventWith(sandbox, 'seq', 2)?.event).toBe('Any (star)');
    });

    it('a mapping with a namespace serves records of that namespace', () => {
      expect(eventWith(sandbox, 'seq', 3)?.event).toBe('Visit (web)');
    });

    it("a record of another namespace falls through to the '*' mapping", () => {
      expect(eventWith(sandbox, 'seq', 4)?.event).toBe('Any (star)');
    });

    it('a mapping without a namespace serves the stream in any namespace', () => {
      expect(eventWith(sandbox, 'seq', 5)?.event).toBe('Order (own mapping)');
    });

    it('a user-properties stream upserts the user', () => {
      expect(userProps(sandbox, 'person-1')).toMatchObject({ plan: 'pro' });
    });

    it('an account-properties stream upserts the account', () => {
      expect(accountProps(sandbox, 'acme')).toMatchObject({ size: 50 });
    });
  });

  describe('namespace-restricted mappings that serve nothing', () => {
    it("a '*' mapping with a namespace does not serve another namespace: config_error before reading stdin", async () => {
      const sandbox = await useSandbox();
      const config = heapConfig(sandbox, { mappings: [eventsMapping('*', { namespace: 'web' })] });
      const streams = catalog(configuredStream('visits', { namespace: 'web' }), configuredStream('visits', { namespace: 'mobile' }));
      const input = [record('visits', { user_id: 'u', seq: 1 }, { namespace: 'web' })];
      const result = await runWrite({ config, catalog: streams, input });
      const error = expectFatal(result, 'config_error');
      expect(error.message).toContain('visits');
      expect(sandbox.store.requests).toEqual([]);
    });

    it('a stream mapping with a namespace does not serve the stream in another namespace: config_error before reading stdin', async () => {
      const sandbox = await useSandbox();
      const config = heapConfig(sandbox, { mappings: [eventsMapping('visits', { namespace: 'web' })] });
      const streams = catalog(configuredStream('visits', { namespace: 'mobile' }));
      const input = [record('visits', { user_id: 'u', seq: 1 }, { namespace: 'mobile' })];
      const result = await runWrite({ config, catalog: streams, input });
      expectFatal(result, 'config_error');
      expect(sandbox.store.requests).toEqual([]);
    });
  });
});
