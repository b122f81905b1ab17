import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { announceTerminalInput, humanLogger } from '../src/output/human.js';
import { formatProgress, formatSummary, RunCounters, type RunSnapshot } from '../src/sync/counters.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}

describe('announceTerminalInput', () => {
  it('says on stderr that the command reads stdin and how to end it, when stdin is a terminal', () => {
    const stderr = capture();
    announceTerminalInput({ isTTY: true }, stderr.stream, 'send', 'JSON objects');
    expect(stderr.text()).toBe('destination-heap send: reading JSON objects from stdin, one per line; end with Ctrl-D (or pipe a file: ... < input.jsonl)\n');
  });

  it('says nothing when stdin is a pipe or a file', () => {
    const stderr = capture();
    announceTerminalInput(new PassThrough(), stderr.stream, 'write', 'AirbyteMessages');
    announceTerminalInput({ isTTY: false }, stderr.stream, 'write', 'AirbyteMessages');
    expect(stderr.text()).toBe('');
  });
});

describe('humanLogger', () => {
  it('prefixes errors with the command, as preview does, and warnings with "warning:"', () => {
    const stderr = capture();
    const logger = humanLogger(stderr.stream, 'send');
    logger.error('bad');
    logger.warn('odd');
    expect(stderr.text()).toBe('destination-heap send: bad\nwarning: odd\n');
  });
});

describe('progress and summary wording', () => {
  const snapshot: RunSnapshot = {
    read: 1, delivered: 1, rejected: 0, pending: 0, requestsInFlight: 1, retries: 0, throttled: 0, throttleWaits: 0, requests: 1,
  };

  it('says "1 request", not "1 requests"', () => {
    expect(formatProgress(snapshot, 0)).toContain('(1 request in flight)');
    expect(formatProgress({ ...snapshot, requestsInFlight: 2 }, 0)).toContain('(2 requests in flight)');
    expect(formatSummary(snapshot, new RunCounters(), 1000)).toContain('; 1 request, retries');
    expect(formatSummary(snapshot, new RunCounters(), 1000)).toContain('read 1 record in');
  });

  it('ends with why a batch is retried, when one is', () => {
    expect(formatProgress(snapshot, 0, 'retrying after 503 from /api/track, next attempt in 2 s')).toMatch(
      /429s 0; retrying after 503 from \/api\/track, next attempt in 2 s$/,
    );
  });
});
