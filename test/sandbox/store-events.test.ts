import { describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { MemoryStore } from '../../src/sandbox/store.js';
import { APP, TRACK, event, events, get, post, useSandbox } from './http.js';

describe('storeEvents: false', () => {
  it('keeps no event bodies but counts and deduplicates every event', async () => {
    const sandbox = await useSandbox({ storeEvents: false });
    await post(sandbox, TRACK, { app_id: APP, events: events(5) });
    await post(sandbox, TRACK, { app_id: APP, events: [...events(2), event('new', { idempotency_key: 'fresh' })] });
    expect(sandbox.store.events).toEqual([]);
    expect(sandbox.store.counters).toMatchObject({ eventsAccepted: 6, eventsDeduplicated: 2, requests: 2 });
    expect((await get(sandbox, '/_sandbox/summary')).json).toMatchObject({ events: 0, counters: { eventsAccepted: 6 } });
  });

  it('logs only the last 10,000 requests while counting all of them', async () => {
    const sandbox = await useSandbox({ storeEvents: false });
    // 404s are the cheapest requests to log (the cap is the same for every path), and pipelining
    // them down one socket keeps the client's cost out of the way.
    await pipelined(sandbox.url, 10_005, (i) => `GET /nowhere/${i} HTTP/1.1\r\nHost: sandbox\r\n\r\n`);
    expect(sandbox.store.requests).toHaveLength(10_000);
    expect(sandbox.store.counters.requests).toBe(10_005);
  });

  it('keeps every request when events are stored', () => {
    const store = new MemoryStore({ storeEvents: true, requestLogCap: undefined });
    for (let i = 0; i < 10_005; i++) store.recordRequest({ path: TRACK, status: 200, receivedAt: i, itemCount: 0, identities: [] });
    expect(store.requests).toHaveLength(10_005);
  });

  it('drops the oldest requests first when capped', () => {
    const store = new MemoryStore({ storeEvents: false, requestLogCap: 3 });
    for (let i = 0; i < 5; i++) store.recordRequest({ path: TRACK, status: 200, receivedAt: i, itemCount: 0, identities: [] });
    expect(store.requests.map((r) => r.receivedAt)).toEqual([2, 3, 4]);
  });
});

/** Writes `count` requests down one keep-alive connection and resolves when all were answered. */
function pipelined(url: string, count: number, requestText: (i: number) => string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      const last = `GET /nowhere/last HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n`;
      socket.end(Array.from({ length: count - 1 }, (_, i) => requestText(i)).join('') + last);
    });
    socket.on('data', () => {});
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}
