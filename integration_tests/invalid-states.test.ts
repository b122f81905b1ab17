/**
 * Contract §5: a STATE that breaks the protocol's schema (a stream descriptor without `name`, in
 * a STREAM state or in a GLOBAL state's `stream_states`; a `namespace` neither string nor null; a
 * non-number count; an unknown `type`) is dropped and counted, never echoed; its records count
 * toward the next valid state. `"namespace": null` is valid and echoed as received. (The harness
 * also checks every stdout line against the protocol's models.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, echoOf, globalState, record, streamState, type StateMessage } from './harness/protocol.js';
import { eventsOf, useSandbox, type Sandbox } from './harness/sandbox.js';

const invalid: [string, StateMessage][] = [
  [
    'a STREAM state whose descriptor has no name',
    { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { namespace: 'x' }, stream_state: {} } } },
  ],
  [
    'a GLOBAL state with a stream descriptor without name',
    {
      type: 'STATE',
      state: { type: 'GLOBAL', global: { shared_state: {}, stream_states: [{ stream_descriptor: {}, stream_state: {} }] } },
    },
  ],
  [
    'a GLOBAL state with a namespace that is a number',
    {
      type: 'STATE',
      state: { type: 'GLOBAL', global: { stream_states: [{ stream_descriptor: { name: 'a', namespace: 42 }, stream_state: {} }] } },
    },
  ],
  ['a state whose sourceStats.recordCount is a string', streamState('a', { n: 9 }, { extra: { sourceStats: { recordCount: '2' } } })],
  ['a state of an unknown type', { type: 'STATE', state: { type: 'PER_STREAM' as 'STREAM', data: {} } }],
];

describe('invalid states', () => {
  let sandbox: Sandbox;
  let result: ConnectorResult;
  const streamA = streamState('a', { n: 1 });
  const globalWithNull = globalState({ lsn: 1 }, [{ name: 'a', namespace: null, state: { n: 2 } }]);
  const streamBNull = streamState('b', { n: 3 }, { namespace: null });

  beforeAll(async () => {
    sandbox = await useSandbox();
    const input = [
      record('a', { user_id: 'u', seq: 1 }),
      invalid[0]![1],
      record('a', { user_id: 'u', seq: 2 }),
      invalid[3]![1],
      record('a', { user_id: 'u', seq: 3 }),
      streamA,
      record('b', { user_id: 'u', seq: 4 }),
      invalid[1]![1],
      invalid[2]![1],
      invalid[4]![1],
      globalWithNull,
      streamBNull,
    ];
    const config = heapConfig(sandbox, { mappings: [eventsMapping('*')] });
    result = await runWrite({ config, catalog: catalog('a', 'b'), input });
  });

  it('are never echoed; the valid states around them are, with their records counted in the next one', () => {
    expectClean(result);
    expect(result.states).toEqual([echoOf(streamA, 3), echoOf(globalWithNull, 4), echoOf(streamBNull, 1)]);
    expect(eventsOf(sandbox)).toHaveLength(4);
  });

  it('"namespace": null is echoed as received', () => {
    const lines = result.stdoutRaw.split('\n').filter((line) => line.includes('"type":"STATE"'));
    expect(lines[1]).toContain('"stream_descriptor":{"name":"a","namespace":null}');
    expect(lines[2]).toContain('"stream_descriptor":{"name":"b","namespace":null}');
  });
});
