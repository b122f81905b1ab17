/**
 * Contract §3 and §5: with `invalid_record_policy: "fail"` the first rejected record, by the
 * mapping or by Heap, fails the sync (config_error, exit 1), and no state is echoed whose window
 * holds it or that comes after it; the states before it are echoed once their records are
 * delivered.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectFatal } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, echoOf, record, streamState } from './harness/protocol.js';
import { eventsOf, useSandbox, type Sandbox } from './harness/sandbox.js';

const before = streamState('s', { cursor: 1 });
const holding = streamState('s', { cursor: 2 });
const after = streamState('s', { cursor: 3 });

describe.concurrent('invalid_record_policy "fail"', () => {
  describe('a record the mapping rejects between two states', () => {
    let result: ConnectorResult;
    beforeAll(async () => {
      const sandbox = await useSandbox();
      const input = [
        record('s', { user_id: 'ann', seq: 1 }),
        before,
        record('s', { user_id: 'bob', seq: 2 }),
        record('s', { seq: 3 }),
        holding,
        record('s', { user_id: 'cid', seq: 4 }),
        after,
      ];
      const config = heapConfig(sandbox, { mappings: [eventsMapping('s')], invalid_record_policy: 'fail' });
      result = await runWrite({ config, catalog: catalog('s'), input });
    });

    it('fails the sync with a config_error naming the stream and the input line', () => {
      const error = expectFatal(result, 'config_error');
      expect(error.message).toContain('"s"');
      expect(error.message).toContain('line 4');
    });

    it('echoes the state before the rejected record, and neither the one closing its window nor any later one', () => {
      expect(result.states).toEqual([echoOf(before, 1)]);
    });
  });

  describe('a record Heap refuses, whose state arrives before Heap answers', () => {
    let sandbox: Sandbox;
    let result: ConnectorResult;
    beforeAll(async () => {
      sandbox = await useSandbox({ faults: { poisonIdentities: ['poison-identity'] } });
      const input = [
        record('s', { user_id: 'ann', seq: 1 }),
        before,
        record('s', { user_id: 'poison-identity', seq: 2 }),
        record('s', { user_id: 'bob', seq: 3 }),
        holding,
        record('s', { user_id: 'cid', seq: 4 }),
        after,
      ];
      // All lines are read before the batch (one, under the linger) reaches Heap: each state waits for the answer.
      const config = heapConfig(sandbox, { mappings: [eventsMapping('s')], invalid_record_policy: 'fail' });
      result = await runWrite({ config, catalog: catalog('s'), input });
    });

    it('fails the sync with a config_error', () => {
      const error = expectFatal(result, 'config_error');
      expect(error.message).toContain('refused by Heap');
    });

    it('never sends the refused record', () => {
      expect(eventsOf(sandbox).map((e) => e.properties.seq)).not.toContain(2);
    });

    it('echoes the state before the refused record, and none whose window holds it or that comes after it', () => {
      expect(result.states).toEqual([echoOf(before, 1)]);
    });
  });
});
