import { describe, expect, it } from 'vitest';
import { describeRejections, RejectionLog, RejectionTally } from '../src/sync/rejection-log.js';

function setup(options: { verbatim?: number; intervalMs?: number } = {}) {
  let clock = 0;
  const warnings: string[] = [];
  const tally = new RejectionTally();
  const log = new RejectionLog({ warn: (m) => warnings.push(m), now: () => clock, tally, ...options });
  return {
    log,
    tally,
    warnings,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const MISSING = 'identity_field "email": missing';
const WRONG_TYPE = 'identity_field "email": wrong type';

describe('RejectionLog', () => {
  it('logs the first 10 rejections of a stream and reason one by one, naming stream, line and reason', () => {
    const { log, warnings } = setup();
    for (let line = 1; line <= 12; line++) log.note({ stream: 'orders', line }, 'identity_field "email" is missing', MISSING);
    expect(warnings).toHaveLength(10);
    expect(warnings[0]).toContain('"orders"');
    expect(warnings[0]).toContain('input line 1');
    expect(warnings[0]).toContain('identity_field "email" is missing');
  });

  it('counts each reason of a stream separately for the verbatim lines', () => {
    const { log, warnings } = setup({ verbatim: 2 });
    for (let line = 1; line <= 5; line++) log.note({ stream: 's', line }, 'missing', MISSING);
    for (let line = 6; line <= 10; line++) log.note({ stream: 's', line }, 'is a boolean', WRONG_TYPE);
    expect(warnings).toHaveLength(4);
  });

  it('counts each stream separately', () => {
    const { log, warnings } = setup({ verbatim: 1 });
    log.note({ stream: 'a', line: 1 }, 'missing', MISSING);
    log.note({ stream: 'b', line: 2 }, 'missing', MISSING);
    expect(warnings).toHaveLength(2);
  });

  it('then logs at most one count line per stream every interval, with how many more and why', () => {
    const { log, warnings, advance } = setup({ verbatim: 1, intervalMs: 10_000 });
    log.note({ stream: 's', line: 1 }, 'missing', MISSING);
    for (let line = 2; line <= 1000; line++) {
      log.note({ stream: 's', line }, line % 2 === 0 ? 'missing' : 'is a boolean', line % 2 === 0 ? MISSING : WRONG_TYPE);
      advance(50);
    }
    // One verbatim line per reason, then 998 further rejections over ~50 s: one count line per 10 s.
    expect(warnings.length).toBeGreaterThanOrEqual(2 + 4);
    expect(warnings.length).toBeLessThanOrEqual(2 + 5);
    const counted = warnings.slice(2);
    for (const line of counted) {
      expect(line).toContain('"s"');
      expect(line).toContain(MISSING);
      expect(line).toContain(WRONG_TYPE);
    }
  });

  it('logs no count line before an interval has passed', () => {
    const { log, warnings, advance } = setup({ verbatim: 1, intervalMs: 10_000 });
    for (let line = 1; line <= 100; line++) {
      log.note({ stream: 's', line }, 'missing', MISSING);
      advance(99);
    }
    expect(warnings).toHaveLength(1);
  });

  it('20,000 rejections in two streams arriving over a minute make well under 100 lines', () => {
    const { log, warnings, advance } = setup();
    for (let line = 1; line <= 20_000; line++) {
      log.note({ stream: line % 2 === 0 ? 'a' : 'b', line }, 'missing', MISSING);
      advance(3);
    }
    expect(warnings.length).toBeLessThan(100);
  });

  it('tallies every rejection per stream and reason, for the summary', () => {
    const { log, tally } = setup({ verbatim: 1 });
    for (let line = 1; line <= 3; line++) log.note({ stream: 'a', line }, 'missing', MISSING);
    log.note({ stream: 'b', line: 4 }, 'is a boolean', WRONG_TYPE);
    expect(tally.entries()).toEqual([
      { stream: 'a', category: MISSING, count: 3 },
      { stream: 'b', category: WRONG_TYPE, count: 1 },
    ]);
    expect(describeRejections(tally)).toBe(`stream "a": 3 × ${MISSING}; stream "b": 1 × ${WRONG_TYPE}`);
  });
});
