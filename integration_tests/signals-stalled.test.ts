/**
 * Contract §1, signals on the paths where the process waits on something that will not come: the
 * reader of stdout has stalled (a STATE echo cannot be written), or `check` waits on a server that
 * accepted the connection and never answers. SIGTERM / SIGINT still end the process: `write`
 * within the grace period (5 s) plus 2 s, every other command within 2 s, exit 143 / 130.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { eventually } from './harness/checks.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { commandUnderTest, freshDir, writeFile } from './harness/paths.js';
import { catalog, record, streamState } from './harness/protocol.js';
import { eventsOf, useSandbox } from './harness/sandbox.js';

/** Spawns the CLI with stdout on a pipe; returns the child and a promise of its exit code and the ms from `signalled` to the exit. */
function spawnCli(args: string[]) {
  const { program, args: base } = commandUnderTest();
  const child = spawn(program, [...base, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let signalledAt = 0;
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, afterSignalMs: Date.now() - signalledAt }));
  const kill = (signal: NodeJS.Signals) => {
    signalledAt = Date.now();
    child.kill(signal);
  };
  return { child, exited, kill };
}

describe.concurrent('signals while the process waits on something that will not come', () => {
  it('write, with the reader of stdout stalled on a STATE echo: SIGTERM ends it with 143 within the grace period + 2 s', async () => {
    const sandbox = await useSandbox();
    const files = freshDir();
    try {
      const config = writeFile(files.dir, 'config.json', heapConfig(sandbox, { mappings: [eventsMapping('s')] }));
      const catalogPath = writeFile(files.dir, 'catalog.json', catalog('s'));
      const { child, exited, kill } = spawnCli(['write', '--config', config, '--catalog', catalogPath]);
      // Nobody reads stdout: the pipe fills with the first few 20 KB state echoes, and stays full.
      child.stdout.pause();
      const pad = 'x'.repeat(20_000);
      for (let i = 0; i < 100; i++) {
        child.stdin.write(`${JSON.stringify(record('s', { user_id: `u${i}`, seq: i }))}\n`);
        child.stdin.write(`${JSON.stringify(streamState('s', { i, pad }))}\n`);
      }
      // stdin stays open. The records reached Heap, so the run is past them and blocked on stdout.
      expect(await eventually(() => eventsOf(sandbox).length > 0, 20_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(child.exitCode, 'still running before the signal').toBeNull();
      kill('SIGTERM');
      const { code, afterSignalMs } = await exited;
      expect(code).toBe(143);
      expect(afterSignalMs).toBeLessThan(5_000 + 2_000 + 3_000);
    } finally {
      files.remove();
    }
  }, 40_000);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('check against a server that never answers: %s ends it with %d within 2 s', async (signal, expected) => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const files = freshDir();
    try {
      const config = writeFile(files.dir, 'config.json', { app_id: '1', base_url: `http://127.0.0.1:${port}`, request_timeout_seconds: 120 });
      const { child, exited, kill } = spawnCli(['check', '--config', config]);
      child.stdout.resume();
      // The probe is really waiting on the server: it has connected, and nothing has ended.
      expect(await eventually(() => sockets.length > 0, 10_000)).toBe(true);
      expect(child.exitCode).toBeNull();
      kill(signal);
      const { code, afterSignalMs } = await exited;
      expect(code).toBe(expected);
      expect(afterSignalMs).toBeLessThan(2_000 + 1_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
      files.remove();
    }
  }, 20_000);
});
