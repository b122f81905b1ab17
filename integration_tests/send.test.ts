/**
 * `send`: bare JSON objects on stdin, one per line, delivered as records of the stream named by
 * --stream. The exit code is the contract for scripts: 0 all delivered, 1 failed, 3 some records
 * rejected or lines not JSON objects, 143 / 130 interrupted. stdout stays empty: progress and the
 * summary are for a person, on stderr.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './harness/checks.js';
import { runConnector, type ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig, usersMapping } from './harness/config.js';
import type { JsonObject } from './harness/protocol.js';
import { eventsOf, requestsTo, USERS, userProps, useSandbox, type Sandbox } from './harness/sandbox.js';
import { runSend, startShell } from './harness/shell.js';

const EXIT_PARTIAL = 3;

/** A config whose only mapping is a users stream `people` (identity `user_id`). */
const peopleConfig = (sandbox: Sandbox, overrides: JsonObject = {}) => heapConfig(sandbox, { mappings: [usersMapping('people')], ...overrides });
const toPeople = ['--stream', 'people'];

describe.concurrent('send', () => {
  // The runs that mostly wait (on a slow Heap, retries, two runs in a row) start first.
  it('SIGTERM while Heap is slow and stdin is still open: exit 143', async () => {
    const sandbox = await useSandbox();
    const child = startShell('send', { config: peopleConfig(sandbox), args: toPeople }, { timeoutMs: 30_000 });
    await child.send({ user_id: 'ann' });
    // The first object landing shows the run is up and reading before Heap turns slow.
    expect(await eventually(() => userProps(sandbox, 'ann') !== undefined, 20_000)).toBe(true);
    sandbox.setFaults({ latencyMs: 60_000 });
    await child.send({ user_id: 'bob' });
    // Give the linger timer (500 ms) time to put bob's request in flight.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    child.kill('SIGTERM');
    const result = await child.done;
    // Exits by itself with 143 (a process killed by the signal would have no exit code).
    expect({ exitCode: result.exitCode, signal: result.signal }).toEqual({ exitCode: 143, signal: null });
    expect(result.stdoutRaw).toBe('');
  });

  it('Heap answering 503 until max_retry_seconds runs out: exit 1, nothing stored', async () => {
    const sandbox = await useSandbox({ faults: { rules: [{ status: 503 }] } });
    const result = await runSend({ config: peopleConfig(sandbox, { max_retry_seconds: 1 }), args: toPeople, input: [{ user_id: 'ann' }] }, { timeoutMs: 30_000 });
    expect(result.exitCode).toBe(1);
    const statuses = requestsTo(sandbox, USERS).map((r) => r.status);
    expect(statuses.length).toBeGreaterThanOrEqual(1);
    expect(new Set(statuses)).toEqual(new Set([503]));
    expect(sandbox.store.users.size).toBe(0);
    expect(result.stdoutRaw).toBe('');
  });

  describe('an events stream with a constant event name, the same input sent twice', () => {
    const input = [1, 2, 3, 4, 5].map((seq) => ({ user_id: `u${seq % 2}`, seq }));
    let sandbox: Sandbox;
    let first: ConnectorResult;
    let second: ConnectorResult;
    let eventsAfterFirst: number;

    beforeAll(async () => {
      sandbox = await useSandbox();
      const run = { config: heapConfig(sandbox, { mappings: [eventsMapping('clicks')] }), args: ['--stream', 'clicks'], input };
      first = await runSend(run);
      eventsAfterFirst = eventsOf(sandbox).length;
      second = await runSend(run);
    });

    it('the first run exits 0 with every object delivered as an event of that name', () => {
      expect(first.exitCode).toBe(0);
      expect(eventsAfterFirst).toBe(input.length);
      expect(new Set(eventsOf(sandbox).map((e) => e.event))).toEqual(new Set(['Test Event']));
      expect(eventsOf(sandbox).map((e) => Number(e.properties.seq)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    });

    it('every event carries its own idempotency key', () => {
      const keys = eventsOf(sandbox).map((e) => e.idempotency_key);
      for (const key of keys) expect(key).toEqual(expect.stringMatching(/.+/));
      expect(new Set(keys).size).toBe(input.length);
    });

    it('the second run exits 0 and adds no event: Heap deduplicates every one', () => {
      expect(second.exitCode).toBe(0);
      expect(eventsOf(sandbox)).toHaveLength(input.length);
      expect(sandbox.store.counters.eventsDeduplicated).toBe(input.length);
    });

    it('prints nothing on stdout', () => {
      expect([first.stdoutRaw, second.stdoutRaw]).toEqual(['', '']);
    });
  });

  it('delivers bare objects of a users stream as user properties and exits 0', async () => {
    const sandbox = await useSandbox();
    const result = await runSend({
      config: peopleConfig(sandbox),
      args: toPeople,
      input: [{ user_id: 'ann', plan: 'pro', seats: 3 }, { user_id: 'bob', plan: 'free' }],
    });
    expect(result.exitCode).toBe(0);
    expect(userProps(sandbox, 'ann')).toEqual({ plan: 'pro', seats: 3 });
    expect(userProps(sandbox, 'bob')).toEqual({ plan: 'free' });
    expect(result.stdoutRaw).toBe('');
  });

  it('a line that is not JSON: exit 3, the valid lines still delivered', async () => {
    const sandbox = await useSandbox();
    const result = await runSend({ config: peopleConfig(sandbox), args: toPeople, input: [{ user_id: 'ann' }, 'not json {', { user_id: 'bob' }] });
    expect(result.exitCode).toBe(EXIT_PARTIAL);
    expect([userProps(sandbox, 'ann'), userProps(sandbox, 'bob')]).toEqual([{}, {}]);
    expect(result.stdoutRaw).toBe('');
  });

  it('a line that is JSON but not an object (an array): exit 3, the valid lines still delivered', async () => {
    const sandbox = await useSandbox();
    const result = await runSend({ config: peopleConfig(sandbox), args: toPeople, input: [{ user_id: 'ann' }, [{ user_id: 'arr' }], { user_id: 'bob' }] });
    expect(result.exitCode).toBe(EXIT_PARTIAL);
    expect([userProps(sandbox, 'ann'), userProps(sandbox, 'arr'), userProps(sandbox, 'bob')]).toEqual([{}, undefined, {}]);
    expect(result.stdoutRaw).toBe('');
  });

  it('a record without identity: exit 3, the other records delivered', async () => {
    const sandbox = await useSandbox();
    const result = await runSend({ config: peopleConfig(sandbox), args: toPeople, input: [{ user_id: 'ann', plan: 'a' }, { plan: 'no identity' }, { user_id: 'bob', plan: 'b' }] });
    expect(result.exitCode).toBe(EXIT_PARTIAL);
    expect(sandbox.store.users.size).toBe(2);
    expect([userProps(sandbox, 'ann'), userProps(sandbox, 'bob')]).toEqual([{ plan: 'a' }, { plan: 'b' }]);
    expect(result.stdoutRaw).toBe('');
  });

  it('a config with a missing field: exit 1, a message on stderr naming the field, nothing sent', async () => {
    const sandbox = await useSandbox();
    const result = await runSend({
      config: heapConfig(sandbox, { mappings: [{ stream: 'people', sync_type: 'user_properties' }] }),
      args: toPeople,
      input: [{ user_id: 'ann' }],
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('mappings[0].identity_field');
    expect(sandbox.store.requests).toEqual([]);
    expect(result.stdoutRaw).toBe('');
  });

  it('without --stream: exit 1, nothing sent', async () => {
    const sandbox = await useSandbox();
    const result = await runSend({ config: peopleConfig(sandbox), input: [{ user_id: 'ann' }] });
    expect(result.exitCode).toBe(1);
    expect(sandbox.store.requests).toEqual([]);
    expect(result.stdoutRaw).toBe('');
  });

  it('a --stream the config has no mapping for: exit 1, nothing sent', async () => {
    const sandbox = await useSandbox();
    const result = await runSend({ config: peopleConfig(sandbox), args: ['--stream', 'orders'], input: [{ user_id: 'ann' }] });
    expect(result.exitCode).toBe(1);
    expect(sandbox.store.requests).toEqual([]);
    expect(result.stdoutRaw).toBe('');
  });

  it('--help exits 0 and prints the usage of send', async () => {
    const result = await runConnector(['send', '--help'], { rawStdout: true });
    expect(result.exitCode).toBe(0);
    expect(result.stdoutRaw).toContain('destination-heap send');
    for (const option of ['--config', '--stream']) expect(result.stdoutRaw).toContain(option);
  });
});
