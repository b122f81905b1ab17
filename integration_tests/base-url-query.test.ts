/**
 * Contract §2 `base_url`: a URL with a query string or a fragment is a config error whose message
 * never repeats them (a token in a query would otherwise be printed wherever the URL is named),
 * even when the host behind it answers.
 */
import { describe, expect, it } from 'vitest';
import { expectFatal } from './harness/checks.js';
import { runCheck, runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, record, streamState } from './harness/protocol.js';
import { useSandbox } from './harness/sandbox.js';

const SECRET = 'tok_SECRET_51f0c2';

function expectNotRepeated(result: ConnectorResult): void {
  for (const marker of [SECRET, 'frag_9d1e']) {
    expect(result.stdoutRaw).not.toContain(marker);
    expect(result.stderr).not.toContain(marker);
  }
}

describe.concurrent('a query string or a fragment in base_url', () => {
  it('check: FAILED pointing at base_url, the query and the fragment not repeated, nothing sent', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(`${sandbox.url}/?token=${SECRET}#frag_9d1e`, { mappings: [eventsMapping('s')] });
    const result = await runCheck(config);
    expect(result.exitCode).toBe(0);
    expect(result.connectionStatus?.status).toBe('FAILED');
    expect(result.connectionStatus?.message).toContain('base_url');
    expectNotRepeated(result);
    expect(sandbox.store.requests).toEqual([]);
  });

  it('write: TRACE config_error before anything is read, exit 1, the query and the fragment not repeated', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(`${sandbox.url}/?token=${SECRET}#frag_9d1e`, { mappings: [eventsMapping('s')] });
    const result = await runWrite({ config, catalog: catalog('s'), input: [record('s', { user_id: 'u' }), streamState('s', {})] });
    const error = expectFatal(result, 'config_error');
    expect(error.message).toContain('base_url');
    expect(result.states).toEqual([]);
    expectNotRepeated(result);
    expect(sandbox.store.requests).toEqual([]);
  });
});
