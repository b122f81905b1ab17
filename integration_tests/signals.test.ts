/**
 * Contract §1, signals on every path: SIGTERM / SIGINT end the run within the grace period (5 s)
 * plus 2 s wherever it waits, echo only states whose records are all delivered, and exit 143 / 130.
 * A child that does not exit in time is killed by the harness (`timeoutMs`), which fails the test.
 */
import { execFileSync } from 'node:child_process';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from './harness/checks.js';
import { startWrite } from './harness/commands.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { startConnector } from './harness/connector.js';
import { freshDir, writeFile } from './harness/paths.js';
import { catalog, record, streamState } from './harness/protocol.js';
import { requestsTo, TRACK, useSandbox } from './harness/sandbox.js';

/** Grace period (5 s) + 2 s, and a margin for a machine under load; far below a stuck run. */
const STOP_DEADLINE_MS = 15_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.concurrent('signals', () => {
  it('SIGTERM during start-up, before stdin is read: exit 143 without reading the input, with stdin still open', async () => {
    const sandbox = await useSandbox();
    const files = freshDir();
    try {
      // The config is a FIFO: the connector blocks reading it until the test writes it, so the
      // signal lands while it starts up, with its signal handlers in place and stdin not read yet.
      const configPath = join(files.dir, 'config.json');
      execFileSync('mkfifo', [configPath]);
      const catalogPath = writeFile(files.dir, 'catalog.json', catalog('s'));
      const child = startConnector(['write', '--config', configPath, '--catalog', catalogPath], { timeoutMs: STOP_DEADLINE_MS });
      await child.send(record('s', { user_id: 'u', seq: 1 }), streamState('s', { n: 1 }));
      const config = await open(configPath, 'w'); // resolves once the connector opened it for reading
      child.kill('SIGTERM');
      await pause(300); // let the signal be handled while the config is still being read
      await config.writeFile(JSON.stringify(heapConfig(sandbox, { mappings: [eventsMapping('s')] })));
      await config.close();
      const result = await child.done;
      expect(result.status).toBe(143);
      expect(result.states).toEqual([]);
      expect(sandbox.store.requests).toEqual([]);
    } finally {
      files.remove();
    }
  });

  it('SIGTERM while reading is paused for room and a batch waits to be retried (Heap answering 503): exit 143, no state echoed', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ path: TRACK, status: 503 }] } });
    const config = heapConfig(sandbox, { mappings: [eventsMapping('s')], batch_size: 10, max_concurrent_requests: 1 });
    // Start-up, sending and two attempts take a few seconds; before the fix the stop took about 100 s.
    const child = startWrite({ config, catalog: catalog('s') }, { timeoutMs: 25_000 });
    // 200 records with a state every 10: far more than the 50 items the buffers hold at batch_size 10.
    const input: unknown[] = [];
    for (let seq = 0; seq < 200; seq++) {
      input.push(record('s', { user_id: `u${seq}`, seq }));
      if (seq % 10 === 9) input.push(streamState('s', { seq }));
    }
    await child.send(...input);
    expect(await eventually(() => requestsTo(sandbox, TRACK).length >= 2, 20_000)).toBe(true);
    child.kill('SIGTERM');
    const result = await child.done;
    expect(result.status).toBe(143);
    expect(result.states).toEqual([]);
  });

  it('a second SIGTERM while stdout is stalled does not end the process over unflushed output: every line arrives, the run summary last', async () => {
    const sandbox = await useSandbox();
    const child = startWrite({ config: heapConfig(sandbox, { mappings: [eventsMapping('s')] }), catalog: catalog('s') });
    child.stallStdout();
    const states = Array.from({ length: 20_000 }, (_, n) => streamState('s', { n }, { extra: { id: n } }));
    // Sending stops mattering once the connector stops reading: stdout is full.
    void child.send(...states);
    await pause(3_000);
    child.kill('SIGTERM');
    await pause(300);
    child.kill('SIGTERM');
    await pause(300);
    child.resumeStdout();
    const result = await child.done;
    expect(result.status, result.stderr).toBe(143);
    // Echoed states are a prefix of the input's, in order; and the output was not cut short.
    expect(result.states.length).toBeGreaterThan(0);
    expect(result.states.map((s) => s.id)).toEqual(states.slice(0, result.states.length).map((s) => s.state.id));
    expect(result.stdoutRaw.endsWith('\n')).toBe(true);
    expect(result.messages.at(-1)?.type).toBe('LOG');
  });

  it('SIGTERM while a batch waits for the rate window, stdin open: exit 143, the state behind it not echoed', async () => {
    const sandbox = await useSandbox();
    const config = heapConfig(sandbox, { mappings: [eventsMapping('s')], batch_size: 5, events_per_identity_per_minute: 5 });
    const child = startWrite({ config, catalog: catalog('s') }, { timeoutMs: 25_000 });
    // One identity, twice its per-minute budget: the second batch waits about a minute.
    await child.send(...Array.from({ length: 10 }, (_, seq) => record('s', { user_id: 'hot', seq })), streamState('s', { n: 1 }));
    expect(await eventually(() => requestsTo(sandbox, TRACK).length === 1, 20_000)).toBe(true);
    await pause(1_000);
    child.kill('SIGTERM');
    const result = await child.done;
    expect(result.status).toBe(143);
    expect(result.states).toEqual([]);
    expect(requestsTo(sandbox, TRACK)).toHaveLength(1);
  });

  it('SIGINT while draining at the end of the input (Heap slow): exit 130, the state behind the request not echoed', async () => {
    const sandbox = await useSandbox({ faults: { latencyMs: 30_000 } });
    const child = startWrite({ config: heapConfig(sandbox, { mappings: [eventsMapping('s')] }), catalog: catalog('s') }, { timeoutMs: 25_000 });
    await child.send(record('s', { user_id: 'u', seq: 1 }), streamState('s', { n: 1 }));
    child.end();
    // The end of the input sends the record at once; give the connector time to start up and send it.
    await pause(3_000);
    child.kill('SIGINT');
    const result = await child.done;
    expect(result.status).toBe(130);
    expect(result.states).toEqual([]);
  });
});
