import { Agent, type IncomingMessage, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/server.js';
import { APP, TRACK, event, post, useSandbox } from './http.js';

/** Sends with node:http so the test can see whether the connection was reused. */
function send(agent: Agent, url: string, body: string): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${TRACK}`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } });
    req.on('response', (res: IncomingMessage) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the sandbox server', () => {
  it('listens on loopback and an ephemeral port by default, with a URL without trailing slash', async () => {
    const sandbox = await useSandbox();
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  it('keeps connections alive across answers, including refusals', async () => {
    const sandbox = await useSandbox();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const good = JSON.stringify({ app_id: APP, events: [event('a')] });
      const results = [
        await send(agent, sandbox.url, good),
        await send(agent, sandbox.url, '{"app_id": 1}'),
        await send(agent, sandbox.url, JSON.stringify({ app_id: APP, events: [event('a', { properties: { pad: 'x'.repeat(21 * 1024 * 1024) } })] })),
        await send(agent, sandbox.url, good),
      ];
      expect(results).toEqual([
        { status: 200, reused: false },
        { status: 400, reused: true },
        { status: 413, reused: true },
        { status: 200, reused: true },
      ]);
    } finally {
      agent.destroy();
    }
  });

  it('closes promptly even with an idle keep-alive connection open', async () => {
    const sandbox = await startSandbox();
    const agent = new Agent({ keepAlive: true });
    await send(agent, sandbox.url, JSON.stringify({ app_id: APP, events: [event('a')] }));
    await sandbox.close();
    await expect(post(sandbox, TRACK, {})).rejects.toThrow();
    agent.destroy();
  });

  it('logs nothing for a request whose client left mid-body', async () => {
    const sandbox = await useSandbox();
    const { hostname, port } = new URL(sandbox.url);
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST ${TRACK} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"app_id"`);
    await delay(50);
    socket.destroy();
    await delay(100);
    expect(sandbox.store.requests).toEqual([]);
    expect((await post(sandbox, TRACK, { app_id: APP, events: [event('a')] })).status).toBe(200);
  });

  it('can be closed twice', async () => {
    const sandbox = await startSandbox();
    await sandbox.close();
    await expect(sandbox.close()).resolves.toBeUndefined();
  });

  it.each([
    ['a window of 0 ms', { rateLimits: { windowMs: 0 } }, /rateLimits.windowMs/],
    ['a negative limit', { rateLimits: { eventsPerAppPerWindow: -1 } }, /rateLimits.eventsPerAppPerWindow/],
    ['a fractional limit', { rateLimits: { eventsPerIdentityPerWindow: 1.5 } }, /rateLimits.eventsPerIdentityPerWindow/],
    ['a port out of range', { port: 70_000 }, /port/],
    ['an api key for an app_id that is not digits', { apiKeys: { abc: 'k' } }, /apiKeys/],
  ])('refuses to start with %s', async (_case, options, message) => {
    await expect(startSandbox(options)).rejects.toThrow(message);
  });
});
