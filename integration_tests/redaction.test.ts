/**
 * Contract §1: no record value appears in any output, even when Heap (or a proxy in front of it)
 * echoes values back without quotes: in the WARN of a record Heap refused alone, and in the TRACE
 * internal_message of a fatal 4xx. The sandbox answers with a fixed body that repeats the records'
 * values bare.
 */
import { describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, echoOf, record, streamState } from './harness/protocol.js';
import { useSandbox } from './harness/sandbox.js';

const VALUES = ['ann.secret@example.com', 'PLATINUM_SECRET_PLAN', 'Reykjavik-Secret-Street 12', '98765'];

const state = streamState('s', { cursor: 1 });
// Both records carry every value: each is refused alone, and the answer repeats only its own values.
const input = [
  record('s', { user_id: VALUES[0], plan: VALUES[1], street: VALUES[2], zip: 98765, seq: 1 }),
  record('s', { user_id: VALUES[0], plan: VALUES[1], street: VALUES[2], zip: 98765, seq: 2 }),
  state,
];

/** A Heap error body that repeats the values without quotes. */
const ECHO = JSON.stringify({ error: `identity ${VALUES[0]} refused: plan ${VALUES[1]} at ${VALUES[2]} (zip ${VALUES[3]}) invalid` });

function expectNoValue(result: ConnectorResult): void {
  for (const value of VALUES) {
    expect(result.stdoutRaw).not.toContain(value);
    expect(result.stderr).not.toContain(value);
    for (const word of value.split(/[^A-Za-z0-9]+/).filter((w) => w.length >= 5)) expect(result.stdoutRaw).not.toContain(word);
  }
}

describe.concurrent('record values in Heap answers never reach the output', () => {
  it('a record Heap refuses alone (400 echoing values): rejected, the WARN without the values', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ path: '/api/track', status: 400, body: ECHO }] } });
    const config = heapConfig(sandbox, { mappings: [eventsMapping('s')] });
    const result = await runWrite({ config, catalog: catalog('s'), input });
    expectClean(result);
    expect(result.states).toEqual([echoOf(state, 0, 2)]);
    expect(result.logs.filter((log) => log.level === 'WARN').length).toBeGreaterThanOrEqual(2);
    expectNoValue(result);
  });

  it('a fatal 4xx (404 echoing values): config_error, the internal_message without the values', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ path: '/api/track', status: 404, body: ECHO }] } });
    const config = heapConfig(sandbox, { mappings: [eventsMapping('s')] });
    const result = await runWrite({ config, catalog: catalog('s'), input });
    const error = expectFatal(result, 'config_error');
    expect(error.internal_message).toContain('404');
    expectNoValue(result);
  });

  it('a 401 echoing values: config_error, the internal_message without the values', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ path: '/api/track', status: 401, body: ECHO }] } });
    const config = heapConfig(sandbox, { mappings: [eventsMapping('s')] });
    const result = await runWrite({ config, catalog: catalog('s'), input });
    expectFatal(result, 'config_error');
    expectNoValue(result);
  });
});
