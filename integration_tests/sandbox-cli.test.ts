/**
 * `destination-heap sandbox` is a command for people: a bad flag or a port in use is one line on
 * stderr (with the flag meant, when one is close) and exit 2, never a TRACE on stdout; `--help`
 * lists its flags and its admin endpoints.
 */
import { describe, expect, it } from 'vitest';
import { runConnector, type ConnectorResult } from './harness/connector.js';
import { useSandbox } from './harness/sandbox.js';

const sandboxCli = (...args: string[]) => runConnector(['sandbox', ...args], { rawStdout: true });

function expectOneLineUsageError(result: ConnectorResult): string {
  expect(result.exitCode).toBe(2);
  expect(result.stdoutRaw).toBe('');
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe.concurrent('sandbox command line', () => {
  it('refuses a port that is not a number in one line, exit 2', async () => {
    expect(expectOneLineUsageError(await sandboxCli('--port', 'abc'))).toContain('--port');
  });

  it('suggests the flag meant for a misspelt one', async () => {
    expect(expectOneLineUsageError(await sandboxCli('--prot', '8080'))).toContain('did you mean --port?');
  });

  it('says a port is in use in one line, exit 2', async () => {
    const busy = await useSandbox();
    const port = new URL(busy.url).port;
    expect(expectOneLineUsageError(await sandboxCli('--port', port))).toContain(`port ${port}`);
  });

  it('--help lists the flags and the admin endpoints, exit 0', async () => {
    const result = await sandboxCli('--port', '8080', '--help');
    expect(result.exitCode).toBe(0);
    for (const text of ['--port', '--faults', '/_sandbox/summary', '/_sandbox/events', '/_sandbox/requests', '/_sandbox/users/', '/_sandbox/reset']) {
      expect(result.stdoutRaw).toContain(text);
    }
  });
});
