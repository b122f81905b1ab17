import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { onTestFinished, describe, expect, it } from 'vitest';
import { parseSandboxArgs, runSandbox } from '../../src/sandbox/cli.js';
import type { Sandbox } from '../../src/sandbox/server.js';
import { APP, AUTH_TOKEN, TRACK, call, event, events, post } from './http.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}

async function run(argv: string[]): Promise<{ sandbox: Sandbox; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const sandbox = await runSandbox(argv, { stdout: stdout.stream, stderr: stderr.stream });
  onTestFinished(() => sandbox.close());
  return { sandbox, stdout: stdout.text(), stderr: stderr.text() };
}

describe('runSandbox', () => {
  it('prints exactly one line of JSON with the URL to stdout, and human text to stderr', async () => {
    const { sandbox, stdout, stderr } = await run(['--port', '0']);
    expect(stdout).toBe(`${JSON.stringify({ url: sandbox.url })}\n`);
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stderr).toContain(`Heap sandbox listening on ${sandbox.url}`);
    expect((await post(sandbox, TRACK, { app_id: APP, events: [event('a')] })).status).toBe(200);
  });

  it('listens on --host and --port', async () => {
    const probe = await run([]);
    const port = Number(new URL(probe.sandbox.url).port);
    await probe.sandbox.close();
    const { sandbox } = await run(['--host', 'localhost', '--port', String(port)]);
    expect(sandbox.url).toBe(`http://localhost:${port}`);
  });

  it('keeps no events with --no-store-events', async () => {
    const { sandbox } = await run(['--no-store-events']);
    await post(sandbox, TRACK, { app_id: APP, events: [event('a')] });
    expect(sandbox.store.events).toEqual([]);
    expect(sandbox.store.counters.eventsAccepted).toBe(1);
  });

  it('accepts each --api-key pair on the auth_token endpoint, and never prints the keys', async () => {
    const { sandbox, stderr, stdout } = await run(['--api-key', `${APP}=s3cret=x`, '--api-key', '42=other']);
    const auth = (app: string, key: string) =>
      call(sandbox, AUTH_TOKEN, { headers: { authorization: `Basic ${Buffer.from(`${app}:${key}`).toString('base64')}` } });
    expect((await auth(APP, 's3cret=x')).status).toBe(200);
    expect((await auth('42', 'other')).status).toBe(200);
    expect(stderr + stdout).not.toContain('s3cret');
  });

  it('applies --window-ms, --events-per-app and --events-per-identity', async () => {
    const { sandbox } = await run(['--window-ms', '120000', '--events-per-identity', '2', '--events-per-app', '3']);
    const perIdentity = await post(sandbox, TRACK, { app_id: APP, events: events(3, 'a') });
    expect([perIdentity.status, perIdentity.headers['retry-after']]).toEqual([429, '120']);
    expect((await post(sandbox, TRACK, { app_id: APP, events: events(3) })).status).toBe(200);
    expect((await post(sandbox, TRACK, { app_id: APP, events: [event('z')] })).status).toBe(429);
  });

  it('reads --token-ttl-seconds into the token lifetime', async () => {
    expect(await parseSandboxArgs(['--token-ttl-seconds', '2'])).toMatchObject({ tokenTtlSeconds: 2 });
    expect((await parseSandboxArgs([])).tokenTtlSeconds).toBeUndefined();
  });

  it('loads a fault plan from --faults', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'heap-sandbox-'));
    const file = join(dir, 'plan.json');
    await writeFile(file, JSON.stringify({ rules: [{ path: TRACK, status: 503, retryAfterSeconds: 3 }] }));
    const { sandbox, stderr } = await run(['--faults', file]);
    expect((await post(sandbox, TRACK, { app_id: APP, events: [event('a')] })).status).toBe(503);
    expect(stderr).toContain('faults: 1 rule(s)');
  });
});

describe('sandbox arguments', () => {
  it('defaults to storing events with Heap’s limits', async () => {
    expect(await parseSandboxArgs([])).toEqual({ storeEvents: true, rateLimits: {} });
  });

  it.each([
    ['an unknown flag', ['--bogus'], /^unknown option --bogus \(/],
    ['a misspelt flag, with the flag meant', ['--prot', '8080'], /unknown option --prot; did you mean --port\?/],
    ['the start of a flag, with the flag meant', ['--fault', 'plan.json'], /did you mean --faults\?/],
    ['a positional argument', ['8080'], /unexpected argument "8080"; did you mean --port 8080\?/],
    ['a flag without its value', ['--port'], /--port needs a value/],
    ['a stray word, without echoing it (it may be a key)', ['--api-key', '1', 's3cret'], /^unexpected argument: every value follows its flag/],
    ['a port that is not a number', ['--port', 'http'], /--port must be a non-negative integer/],
    ['a negative limit', ['--events-per-app', '-1'], /--events-per-app/],
    ['an api key without app id', ['--api-key', '=k'], /--api-key must be APP_ID=API_KEY/],
    ['an api key with a non-numeric app id', ['--api-key', 'abc=k'], /--api-key must be APP_ID=API_KEY/],
    ['an api key with an empty key', ['--api-key', '1=' ], /--api-key must be APP_ID=API_KEY/],
  ])('refuses %s with a usage error', async (_case, argv, message) => {
    const error = await parseSandboxArgs(argv).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConfigError', code: 'SANDBOX_USAGE' });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).toContain('destination-heap sandbox --help');
  });

  it('refuses a fault plan file that is missing, not JSON, or not a plan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'heap-sandbox-'));
    const notJson = join(dir, 'a.json');
    const notPlan = join(dir, 'b.json');
    await writeFile(notJson, '{');
    await writeFile(notPlan, JSON.stringify({ rules: [{ status: 500, when: 'always' }] }));
    for (const file of [join(dir, 'missing.json'), notJson, notPlan]) {
      await expect(parseSandboxArgs(['--faults', file])).rejects.toMatchObject({ code: 'SANDBOX_FAULTS' });
    }
    await expect(parseSandboxArgs(['--faults', notPlan])).rejects.toThrow(/rules\.0/);
  });

  it('reports a port in use as a start failure', async () => {
    const { sandbox } = await run([]);
    const port = new URL(sandbox.url).port;
    const error = await runSandbox(['--port', port], { stdout: new PassThrough(), stderr: new PassThrough() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SANDBOX_START' });
    expect((error as Error).message).toBe(
      `port ${port} on 127.0.0.1 is in use (another sandbox still running?): stop what listens there, or pick another --port (--port 0 picks a free one)`,
    );
  });
});
