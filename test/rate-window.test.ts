import { describe, expect, it } from 'vitest';
import { HEAP_RATE_WINDOW_MS, RATE_WINDOW_ENV, rateWindow } from '../src/sync/rate-window.js';

const env = (value: string | undefined) => ({ [RATE_WINDOW_ENV]: value });

describe('the rate window', () => {
  it("is Heap's 60 s without the variable", () => {
    expect(rateWindow({}, 'https://heapanalytics.com')).toEqual({ windowMs: HEAP_RATE_WINDOW_MS });
    expect(rateWindow({}, 'http://127.0.0.1:8080')).toEqual({ windowMs: 60_000 });
  });

  it.each(['http://127.0.0.1:8080', 'http://127.5.6.7:1', 'http://localhost:9000/prefix', 'http://[::1]:8080'])(
    'is shortened by the variable against a loopback base_url (%s)',
    (url) => {
      expect(rateWindow(env('2000'), url)).toEqual({ windowMs: 2_000 });
    },
  );

  it.each(['https://heapanalytics.com', 'https://c.eu.heap-api.com', 'https://proxy.example.com/heap', 'https://128.0.0.1'])(
    'stays 60 s against a host that is not loopback, with a reason to warn (%s)',
    (url) => {
      const window = rateWindow(env('2000'), url);
      expect(window.windowMs).toBe(60_000);
      expect(window.ignored).toContain(RATE_WINDOW_ENV);
      expect(window.ignored).toContain('loopback');
    },
  );

  it.each(['0', '-5', '1.5', 'soon'])('ignores a value that is not a positive whole number of ms (%s), with a reason to warn', (value) => {
    const window = rateWindow(env(value), 'http://127.0.0.1:8080');
    expect(window.windowMs).toBe(60_000);
    expect(window.ignored).toContain(RATE_WINDOW_ENV);
  });

  it('treats an empty value as unset', () => {
    expect(rateWindow(env(''), 'http://127.0.0.1:8080')).toEqual({ windowMs: 60_000 });
  });
});

describe('the settings of a write or send run', () => {
  it('keep the 60 s window against Heap whatever the environment says, and warn once', async () => {
    const { syncSettings } = await import('../src/commands/write.js');
    const warnings: string[] = [];
    const logger = { debug: () => {}, info: () => {}, warn: (message: string) => warnings.push(message), error: () => {} };
    const settings = syncSettings({ env: env('1000'), logger }, { heapUrl: 'https://heapanalytics.com' });
    expect(settings.windowMs).toBe(60_000);
    expect(warnings).toHaveLength(1);
    expect(syncSettings({ env: env('1000'), logger }, { heapUrl: 'http://127.0.0.1:8080' }).windowMs).toBe(1_000);
    expect(warnings).toHaveLength(1);
  });
});
