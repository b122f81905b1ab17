/**
 * Contract §1, stdout as a data channel: a reader that stalls makes the connector stop reading
 * stdin instead of buffering output (memory stays bounded however much output the input causes);
 * a reader that leaves (EPIPE) ends the run with exit 1 and one line on stderr, never 143.
 */
import { describe, expect, it } from 'vitest';
import { startWrite } from './harness/commands.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, record, streamState } from './harness/protocol.js';
import { useSandbox } from './harness/sandbox.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` records, each followed by a STATE: as much output as input. */
function recordsWithStates(from: number, count: number): string {
  let text = '';
  for (let seq = from; seq < from + count; seq++) {
    text += `${JSON.stringify(record('s', { user_id: `user-${seq % 500}`, seq, note: 'x'.repeat(100) }))}\n`;
    text += `${JSON.stringify(streamState('s', { seq }, { extra: { id: seq } }))}\n`;
  }
  return text;
}

describe.concurrent('stdout', () => {
  it('a stalled stdout reader stops the reading of stdin (a STATE after every record); all states arrive in order once it reads again', async () => {
    const sandbox = await useSandbox({ rateLimits: { eventsPerAppPerWindow: 0, eventsPerIdentityPerWindow: 0 } });
    const config = heapConfig(sandbox, { mappings: [eventsMapping('s')], events_per_minute: 0, events_per_identity_per_minute: 0 });
    const child = startWrite({ config, catalog: catalog('s') }, { timeoutMs: 120_000 });
    child.stallStdout();
    // Offer up to 48 MiB in 1 MiB chunks; the connector must stop taking them long before.
    const offered = 48 * 2 ** 20;
    let accepted = 0;
    let seq = 0;
    let stalled = false;
    while (accepted < offered) {
      const chunk = recordsWithStates(seq, 3_500);
      seq += 3_500;
      const written = await Promise.race([child.write(chunk).then(() => true), pause(5_000).then(() => false)]);
      if (!written) {
        stalled = true;
        break;
      }
      accepted += chunk.length;
    }
    expect(stalled).toBe(true);
    expect(accepted).toBeLessThan(16 * 2 ** 20);
    child.resumeStdout();
    child.end();
    const result = await child.done;
    expect(result.exitCode).toBe(0);
    const ids = result.states.map((s) => s.id as number);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i));
  });

  it('stdout closed by its reader (EPIPE): exit 1 and one line on stderr, not 143', async () => {
    const sandbox = await useSandbox();
    const child = startWrite({ config: heapConfig(sandbox, { mappings: [eventsMapping('s')] }), catalog: catalog('s') });
    await child.send(record('s', { user_id: 'u', seq: 0 }), streamState('s', { seq: 0 }));
    await child.waitForStates(1, 30_000);
    child.closeStdout();
    // More states to echo: the next write finds the pipe closed.
    for (let n = 1; n <= 20 && !child.hasExited; n++) {
      await child.send(record('s', { user_id: 'u', seq: n }), streamState('s', { seq: n }));
      await pause(250);
    }
    const result = await child.done;
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
