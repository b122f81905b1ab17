/**
 * docs/heap.md "Delivery and state" (logs): while batches are retried, the progress line says why (the status and endpoint,
 * or the network error and host) and when the next attempt is; a refused connection to a
 * loopback base_url asks whether the sandbox is running; only an answer is called an answer.
 * Progress lines come every 200 ms here (DESTINATION_HEAP_PROGRESS_INTERVAL_MS, a test aid).
 */
import { describe, expect, it } from 'vitest';
import { expectClean, expectFatal } from './harness/checks.js';
import { freePort } from './harness/ports.js';
import { runCheck, runWrite } from './harness/commands.js';
import { heapConfig } from './harness/config.js';
import { catalog, record } from './harness/protocol.js';
import { TRACK, useSandbox } from './harness/sandbox.js';

const env = { DESTINATION_HEAP_PROGRESS_INTERVAL_MS: '200' };

const progressLines = (messages: { level: string; message: string }[]) =>
  messages.filter((l) => l.level === 'INFO' && l.message.startsWith('Progress:')).map((l) => l.message);

describe.concurrent('progress while retrying', () => {
  it('names the status, the endpoint and the next attempt while Heap answers 503', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ path: TRACK, status: 503, retryAfterSeconds: 1, times: 2 }] } });
    const result = await runWrite({ config: heapConfig(sandbox), catalog: catalog('events'), input: [record('events', { user_id: 'u1' })] }, { env });
    expectClean(result);
    const retrying = progressLines(result.logs).filter((line) => line.includes('503 from /api/track'));
    expect(retrying.length).toBeGreaterThan(0);
    expect(retrying[0]).toMatch(/next attempt in \d+ s/);
  });

  it('names the error, the host and the sandbox when nothing listens at a loopback base_url, and never says Heap answered', async () => {
    const port = await freePort();
    const config = heapConfig(`http://127.0.0.1:${port}`, { max_retry_seconds: 2 });
    const result = await runWrite({ config, catalog: catalog('events'), input: [record('events', { user_id: 'u1' })] }, { env });
    const error = expectFatal(result, 'transient_error');
    const progress = progressLines(result.logs);
    expect(progress.some((line) => line.includes(`ECONNREFUSED connecting to 127.0.0.1:${port}`))).toBe(true);
    for (const text of [error.message, ...progress]) {
      expect(text).not.toMatch(/Heap (kept )?answer/);
    }
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain(`sandbox --port ${port}`);
  });

  it('check names the sandbox when nothing listens at a loopback base_url', async () => {
    const port = await freePort();
    const result = await runCheck(heapConfig(`http://127.0.0.1:${port}`));
    expect(result.connectionStatus?.status).toBe('FAILED');
    expect(result.connectionStatus?.message).toContain(`sandbox --port ${port}`);
  });
});
