/**
 * Contract §3 "skip never hides a broken mapping": when a stream's first 100 records are all
 * rejected for one reason, the sync fails with a config_error naming the stream, the field and
 * the reason, and no state of that stream past them is echoed. A stream of fewer records never
 * fires the rule. Input whose first 100 lines hold no AirbyteMessage fails with a config_error
 * pointing at `send`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, echoOf, record, streamState } from './harness/protocol.js';
import { eventsOf, useSandbox, type Sandbox } from './harness/sandbox.js';

/** `count` records whose identity sits under `user_id`, each followed by a state. */
function recordsWithStates(count: number) {
  const input: unknown[] = [];
  for (let seq = 1; seq <= count; seq += 1) input.push(record('s', { user_id: `user-${seq}`, seq }), streamState('s', { cursor: seq }));
  return input;
}

describe.concurrent('skip never hides a broken mapping', () => {
  describe('a misspelt identity_field rejects all of a stream’s first 100 records', () => {
    let sandbox: Sandbox;
    let result: ConnectorResult;
    beforeAll(async () => {
      sandbox = await useSandbox();
      // The catalog declares no properties, so the misspelling is not caught before stdin is read.
      const config = heapConfig(sandbox, { mappings: [eventsMapping('s', { identity_field: 'userid' })] });
      result = await runWrite({ config, catalog: catalog('s'), input: recordsWithStates(150) });
    });

    it('fails with a config_error naming the stream, the field and the reason', () => {
      const error = expectFatal(result, 'config_error');
      expect(error.message).toContain('"s"');
      expect(error.message).toContain('userid');
      expect(error.message).toContain('100');
    });

    it('echoes no state of the stream past the rejected records', () => {
      expect(result.states).toEqual([]);
      expect(eventsOf(sandbox)).toEqual([]);
    });
  });

  it('a stream of 99 records, all rejected, is not enough to fire: exit 0, every state echoed', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('s', { identity_field: 'userid' })] });
    const input = recordsWithStates(99);
    const result = await runWrite({ config, catalog: catalog('s'), input });
    expectClean(result);
    expect(result.states).toHaveLength(99);
    expect(result.states[98]).toEqual(echoOf(input[197] as ReturnType<typeof streamState>, 0, 1));
  });

  it('a stream whose first records map is never failed by later rejections', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('s')] });
    const input: unknown[] = [record('s', { user_id: 'ann', seq: 0 })];
    for (let seq = 1; seq <= 120; seq += 1) input.push(record('s', { seq }));
    const state = streamState('s', { cursor: 120 });
    input.push(state);
    const result = await runWrite({ config, catalog: catalog('s'), input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(state, 1, 120)]);
  });

  it('bare JSON objects piped into write fail with a config_error that points at send', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('s')] });
    const input = Array.from({ length: 5_000 }, (_, seq) => ({ user_id: `user-${seq}`, seq }));
    const result = await runWrite({ config, catalog: catalog('s'), input });
    const error = expectFatal(result, 'config_error');
    expect(error.message).toContain('destination-heap send --config FILE --stream NAME');
    expect(result.logs.filter((log) => log.level === 'WARN').length).toBeLessThanOrEqual(100);
  });
});
