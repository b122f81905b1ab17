import { describe, expect, it } from 'vitest';
import { specMessage } from '../src/commands/spec.js';
import { connectionStatus, logMessage, traceError } from '../src/protocol/output-messages.js';
import { PrintedMessage } from '../src/protocol/models/printed-message.js';
import { StateMessage } from '../src/protocol/models/state.js';

const valid = (value: unknown) => PrintedMessage.safeParse(value).success;

describe('PrintedMessage accepts what the connector prints', () => {
  it.each<[string, unknown]>([
    ['the SPEC message', specMessage()],
    ['a CONNECTION_STATUS SUCCEEDED', connectionStatus('SUCCEEDED')],
    ['a CONNECTION_STATUS FAILED with a message', connectionStatus('FAILED', 'Heap did not answer')],
    ['a LOG line of every level', logMessage('WARN', 'Dropped input line 3')],
    [
      'a TRACE ERROR',
      traceError(
        { message: 'Heap refused the key', internalMessage: '401', failureType: 'config_error', stack: 'Error: x' },
        1_700_000_000_000,
      ),
    ],
    [
      'a STREAM STATE with unknown fields and destinationStats',
      {
        type: 'STATE',
        state: {
          type: 'STREAM',
          stream: { stream_descriptor: { name: 's', namespace: 'n' }, stream_state: { c: 1 } },
          id: 3,
          sourceStats: { recordCount: 2.0 },
          destinationStats: { recordCount: 2.0, rejectedRecordCount: 0.0 },
        },
      },
    ],
    [
      'a GLOBAL STATE whose descriptor namespace is null',
      {
        type: 'STATE',
        state: { type: 'GLOBAL', global: { shared_state: {}, stream_states: [{ stream_descriptor: { name: 's', namespace: null } }] } },
      },
    ],
    ['a LEGACY STATE without a type', { type: 'STATE', state: { data: { cursor: 1 } } }],
    [
      'a DESTINATION_CATALOG',
      {
        type: 'DESTINATION_CATALOG',
        destination_catalog: {
          operations: [
            { object_name: 'events', sync_mode: 'append', json_schema: { type: 'object' } },
            { object_name: 'user_properties', sync_mode: 'update', json_schema: { type: 'object' }, matching_keys: [['identity']] },
          ],
        },
      },
    ],
  ])('%s', (_title, message) => {
    expect(PrintedMessage.parse(message)).toBeDefined();
  });
});

describe('PrintedMessage refuses what breaks the protocol', () => {
  it.each<[string, unknown]>([
    ['a message of a type the connector never prints', { type: 'RECORD', record: { stream: 's', data: {}, emitted_at: 1 } }],
    ['a type that does not exist', { type: 'NOTICE' }],
    ['a message without the payload its type names', { type: 'LOG' }],
    ['a LOG of an unknown level', { type: 'LOG', log: { level: 'NOTICE', message: 'x' } }],
    ['a LOG without a message', { type: 'LOG', log: { level: 'INFO' } }],
    ['a CONNECTION_STATUS of an unknown status', { type: 'CONNECTION_STATUS', connectionStatus: { status: 'OK' } }],
    ['a TRACE without emitted_at', { type: 'TRACE', trace: { type: 'ERROR', error: { message: 'x' } } }],
    [
      'a TRACE ERROR of an unknown failure_type',
      { type: 'TRACE', trace: { type: 'ERROR', emitted_at: 1, error: { message: 'x', failure_type: 'oops' } } },
    ],
    [
      'a TRACE ERROR without a message',
      { type: 'TRACE', trace: { type: 'ERROR', emitted_at: 1, error: { failure_type: 'system_error' } } },
    ],
    ['a SPEC without connectionSpecification', { type: 'SPEC', spec: { documentationUrl: 'https://example.com' } }],
    [
      'a SPEC with an unknown sync mode',
      { type: 'SPEC', spec: { connectionSpecification: {}, supported_destination_sync_modes: ['upsert'] } },
    ],
    ['a SPEC whose documentationUrl is not a URL', { type: 'SPEC', spec: { connectionSpecification: {}, documentationUrl: 'docs' } }],
    ['a DESTINATION_CATALOG without operations', { type: 'DESTINATION_CATALOG', destination_catalog: {} }],
    [
      'a DESTINATION_CATALOG operation without json_schema',
      { type: 'DESTINATION_CATALOG', destination_catalog: { operations: [{ object_name: 'events', sync_mode: 'append' }] } },
    ],
    [
      'a DESTINATION_CATALOG operation of an unknown sync mode',
      { type: 'DESTINATION_CATALOG', destination_catalog: { operations: [{ object_name: 'e', sync_mode: 'merge', json_schema: {} }] } },
    ],
    ['a STATE whose counts are strings', { type: 'STATE', state: { data: {}, destinationStats: { recordCount: '2' } } }],
  ])('%s', (_title, message) => {
    expect(valid(message)).toBe(false);
  });
});

describe('StateMessage', () => {
  const state = (payload: unknown) => StateMessage.safeParse({ type: 'STATE', state: payload });

  it.each<[string, unknown]>([
    ['a STREAM state', { type: 'STREAM', stream: { stream_descriptor: { name: 's' }, stream_state: {} } }],
    ['a STREAM state whose namespace is null', { type: 'STREAM', stream: { stream_descriptor: { name: 's', namespace: null } } }],
    ['a GLOBAL state with no stream states', { type: 'GLOBAL', global: { stream_states: [] } }],
    ['a LEGACY state', { type: 'LEGACY', data: {} }],
    ['a state with numeric sourceStats', { data: {}, sourceStats: { recordCount: 1.0, rejectedRecordCount: 0 } }],
  ])('accepts %s', (_title, payload) => {
    expect(state(payload).success).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['a STREAM descriptor without name', { type: 'STREAM', stream: { stream_descriptor: { namespace: 'n' } } }, 'name'],
    ['a STREAM descriptor with an empty name', { type: 'STREAM', stream: { stream_descriptor: { name: '' } } }, 'name'],
    ['a STREAM state without stream', { type: 'STREAM' }, 'stream'],
    ['a GLOBAL descriptor without name', { type: 'GLOBAL', global: { stream_states: [{ stream_descriptor: {} }] } }, 'name'],
    ['a GLOBAL state without stream_states', { type: 'GLOBAL', global: {} }, 'stream_states'],
    ['a GLOBAL state without global', { type: 'GLOBAL' }, 'global'],
    [
      'a namespace that is a number',
      { type: 'GLOBAL', global: { stream_states: [{ stream_descriptor: { name: 's', namespace: 1 } }] } },
      'namespace',
    ],
    ['a string recordCount in sourceStats', { data: {}, sourceStats: { recordCount: '2' } }, 'recordCount'],
    ['a string rejectedRecordCount in sourceStats', { data: {}, sourceStats: { rejectedRecordCount: 'x' } }, 'rejectedRecordCount'],
    ['an unknown type', { type: 'PER_STREAM' }, 'type'],
    ['a state that is not an object', 'STREAM', ''],
  ])('refuses %s', (_title, payload, where) => {
    const result = state(payload);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path.join('.')).toContain(where);
  });
});
