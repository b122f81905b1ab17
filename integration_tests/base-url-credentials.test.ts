/**
 * Contract §2 `base_url`: a URL with credentials in it (`https://user:pass@host`) is a config
 * error whose message never repeats them, in every command that reads a config.
 */
import { describe, expect, it } from 'vitest';
import { expectFatal } from './harness/checks.js';
import { runCheck, runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, record, streamState } from './harness/protocol.js';
import { runPreview, runSend } from './harness/shell.js';

const USER = 'proxyuser_4c1d';
const PASSWORD = 'pw_SECRET_7e9a03';

const urls = [
  ['user and password', `https://${USER}:${PASSWORD}@heap-proxy.example.com`],
  ['a user name only', `https://${USER}@heap-proxy.example.com`],
  ['a password only', `https://:${PASSWORD}@heap-proxy.example.com`],
  ['plain http to a remote host, with credentials', `http://${USER}:${PASSWORD}@heap-proxy.example.com/heap`],
] as const;

function expectNotRepeated(result: ConnectorResult): void {
  for (const marker of [USER, PASSWORD]) {
    expect(result.stdoutRaw).not.toContain(marker);
    expect(result.stderr).not.toContain(marker);
  }
}

const input = [record('s', { user_id: 'u' }), streamState('s', {})];

describe.concurrent('credentials in base_url', () => {
  describe.each(urls)('%s', (_title, url) => {
    const config = heapConfig(url, { mappings: [eventsMapping('s')] });

    it('check: FAILED pointing at base_url, the credentials not repeated', async () => {
      const result = await runCheck(config);
      expect(result.connectionStatus?.status).toBe('FAILED');
      expect(result.connectionStatus?.message).toContain('base_url');
      expectNotRepeated(result);
    });

    it('write: config_error before anything is read, exit 1, the credentials not repeated', async () => {
      const result = await runWrite({ config, catalog: catalog('s'), input });
      const error = expectFatal(result, 'config_error');
      expect(error.message).toContain('base_url');
      expect(result.states).toEqual([]);
      expectNotRepeated(result);
    });

    it('preview: exit 1, the credentials not repeated', async () => {
      const result = await runPreview({ config, catalog: catalog('s'), input });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('base_url');
      expectNotRepeated(result);
    });

    it('send: exit 1, the credentials not repeated', async () => {
      const result = await runSend({ config, args: ['--stream', 's'], input: [{ user_id: 'u' }] });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('base_url');
      expectNotRepeated(result);
    });
  });
});
