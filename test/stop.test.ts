import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { RunStop } from '../src/sync/stop.js';

const never = new Promise<void>(() => {});

describe('RunStop', () => {
  it('sees a shutdown signal that was aborted before it was created', () => {
    const shutdown = new AbortController();
    shutdown.abort('SIGTERM');
    const stop = new RunStop({ shutdown: shutdown.signal });
    expect(stop.cause).toEqual({ kind: 'signal' });
    expect(stop.interrupted).toBe(true);
    expect(stop.reading.aborted).toBe(true);
  });

  it('ends a wait while reading when the signal comes during it', async () => {
    const shutdown = new AbortController();
    const stop = new RunStop({ shutdown: shutdown.signal });
    const waiting = stop.whileReading(never);
    shutdown.abort('SIGTERM');
    await expect(waiting).resolves.toBe(false);
  });

  it('a failure ends reading but not the drain', async () => {
    const stop = new RunStop({ shutdown: new AbortController().signal });
    stop.fail(new ConfigError('X', 'bad'));
    expect(stop.cause?.kind).toBe('failed');
    await expect(stop.whileReading(never)).resolves.toBe(false);
    expect(stop.interrupted).toBe(false);
    await expect(stop.unlessInterrupted(Promise.resolve())).resolves.toBe(true);
  });

  it('keeps the first cause', () => {
    const shutdown = new AbortController();
    const stop = new RunStop({ shutdown: shutdown.signal });
    stop.interrupt('output-closed');
    shutdown.abort('SIGTERM');
    expect(stop.cause).toEqual({ kind: 'output-closed' });
  });

  it('a second signal cuts the grace period short', async () => {
    const shutdownNow = new AbortController();
    const stop = new RunStop({ shutdown: new AbortController().signal, shutdownNow: shutdownNow.signal });
    const grace = stop.grace(never, 3_600_000);
    shutdownNow.abort('SIGTERM');
    await expect(grace).resolves.toBe(false);
  });

  it('the grace period ends with the wait when that comes first', async () => {
    const stop = new RunStop({ shutdown: new AbortController().signal });
    await expect(stop.grace(Promise.resolve(), 3_600_000)).resolves.toBe(true);
  });

  it('leaves no listener on the shutdown signal behind after many waits', async () => {
    const shutdown = new AbortController();
    const stop = new RunStop({ shutdown: shutdown.signal });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 100; i++) await stop.whileReading(Promise.resolve());
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      stop.dispose();
    }
  });
});
