/**
 * Assertions the contract repeats across tests: the shape of a fatal TRACE, a clean run, and
 * the state invariant ("a STATE is echoed only after every record before it is in Heap").
 */
import { expect } from 'vitest';
import type { ConnectorResult } from './connector.js';
import type { AirbyteMessage, RecordMessage, TraceError } from './protocol.js';
import { eventsOf, type Sandbox } from './sandbox.js';

/** Exactly one TRACE ERROR of the given failure_type, with the fields the platform needs; exit 1. */
export function expectFatal(result: ConnectorResult, failureType: TraceError['failure_type']): TraceError {
  const errorTraces = result.traces.filter((t) => t.type === 'ERROR');
  expect(errorTraces, 'exactly one TRACE ERROR').toHaveLength(1);
  const trace = errorTraces[0]!;
  expect(typeof trace.emitted_at).toBe('number');
  expect(trace.emitted_at).toBeGreaterThan(1_600_000_000_000);
  const error = trace.error!;
  expect(error.failure_type).toBe(failureType);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  expect(typeof error.internal_message).toBe('string');
  expect(result.exitCode).toBe(1);
  return error;
}

/** Exit 0 and no TRACE ERROR. */
export function expectClean(result: ConnectorResult): void {
  expect(result.errors, 'no TRACE ERROR').toEqual([]);
  expect(result.exitCode).toBe(0);
}

/**
 * Watches stdout for STATE messages and, the moment each arrives, checks that the sandbox
 * already holds every event read before the matching input state. Events are recognised by
 * their `seq` property (a record's `data.seq`); records without `seq` are not tracked (use that
 * for records expected to be rejected).
 */
export function deliveryWatcher(sandbox: Sandbox, input: readonly unknown[]) {
  const expectedBefore: number[][] = [];
  let seen: number[] = [];
  for (const line of input) {
    const message = line as AirbyteMessage;
    if (typeof message !== 'object' || message === null) continue;
    if (message.type === 'RECORD') {
      const seq = (message as RecordMessage).record.data.seq;
      if (typeof seq === 'number') seen = [...seen, seq];
    } else if (message.type === 'STATE') {
      expectedBefore.push(seen);
    }
  }
  const violations: string[] = [];
  let statesSeen = 0;
  const onMessage = (message: AirbyteMessage) => {
    if (message.type !== 'STATE') return;
    const expected = expectedBefore[statesSeen] ?? [];
    statesSeen += 1;
    const stored = new Set<unknown>(eventsOf(sandbox).map((e) => e.properties.seq));
    const missing = expected.filter((seq) => !stored.has(seq));
    if (missing.length > 0) {
      violations.push(
        `state #${statesSeen} was echoed while ${missing.length} of its ${expected.length} earlier records were not in Heap (e.g. seq ${missing.slice(0, 5).join(', ')})`,
      );
    }
  };
  return { onMessage, violations };
}

/** A seeded generator of numbers in [0, 1), for reproducible "random" input. */
export { seededRandom } from '../../src/sandbox/prng.js';

/** Polls `predicate` every 25 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}
