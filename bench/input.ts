/**
 * The benchmark's input: realistic product-analytics events as AirbyteMessage JSON lines, with a
 * STREAM STATE after every `stateEvery` records (and one after the last partial segment), written
 * to a file so every measured program reads the very same bytes from stdin.
 *
 * A record looks like what a warehouse or product database source emits: an event id, a type, an
 * ISO timestamp, a nested user, page and device, numbers, a nullable amount, a tag array and an
 * experiment assignment (~500 bytes a line). Generation is seeded, so runs are comparable.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { seededRandom } from '../src/sandbox/prng.js';

export const STREAM = 'app_events';
export const HOT_IDENTITY = 'hot-user@example.com';

export interface InputSpec {
  records: number;
  /** Distinct identities besides the hot one. */
  identities: number;
  /** Every `hotEvery`-th record belongs to `HOT_IDENTITY` (exactly records / hotEvery of them); 0 = none. */
  hotEvery?: number;
  stateEvery?: number;
  /** Every record has its own identity (`user<i>@example.com`), instead of one drawn from `identities`. */
  distinctIdentities?: boolean;
  /** Pads each STATE's `stream_state` with a string of about this many bytes (0 = none). */
  stateBytes?: number;
  seed?: number;
}

export interface InputFile {
  path: string;
  records: number;
  states: number;
  hotRecords: number;
  bytes: number;
}

const EVENT_TYPES = ['Page View', 'Page View', 'Page View', 'Search', 'Add To Cart', 'Checkout Started', 'Order Completed', 'Sign Up'];
const PLANS = ['free', 'starter', 'pro', 'enterprise'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP', 'NG'];
const OSES = [
  ['iOS', 'Safari', true],
  ['Android', 'Chrome', true],
  ['macOS', 'Safari', false],
  ['Windows', 'Edge', false],
  ['Linux', 'Firefox', false],
] as const;
const PATHS = ['/', '/pricing', '/docs/getting-started', '/products/', '/cart', '/checkout', '/blog/', '/search'];
const REFERRERS = [null, 'https://www.google.com/', 'https://news.ycombinator.com/', 'https://twitter.com/', null];
const TAGS = ['campaign', 'spring', 'newsletter', 'retargeting', 'organic', 'beta'];

export function writeInput(path: string, spec: InputSpec): InputFile {
  const random = seededRandom(spec.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const stateEvery = spec.stateEvery ?? 10_000;
  const hotEvery = spec.hotEvery ?? 0;
  const start = Date.parse('2024-11-01T00:00:00.000Z');

  const fd = openSync(path, 'w');
  let chunk = '';
  let bytes = 0;
  let states = 0;
  let hotRecords = 0;
  const flush = () => {
    const buffer = Buffer.from(chunk, 'utf8');
    writeSync(fd, buffer);
    bytes += buffer.length;
    chunk = '';
  };
  const padding = 'x'.repeat(spec.stateBytes ?? 0);
  const writeState = (recordsSoFar: number) => {
    states += 1;
    const streamState = padding.length > 0 ? { cursor: recordsSoFar, checkpoint: padding } : { cursor: recordsSoFar };
    const state = { type: 'STREAM', stream: { stream_descriptor: { name: STREAM }, stream_state: streamState } };
    chunk += `${JSON.stringify({ type: 'STATE', state })}\n`;
  };

  try {
    for (let i = 1; i <= spec.records; i++) {
      const hot = hotEvery > 0 && i % hotEvery === 0;
      if (hot) hotRecords += 1;
      const user = spec.distinctIdentities === true ? i : Math.floor(random() * spec.identities);
      const [os, browser, mobile] = pick(OSES);
      const type = pick(EVENT_TYPES);
      const path = pick(PATHS);
      const data = {
        event_id: `evt-${i.toString().padStart(9, '0')}`,
        event_type: type,
        occurred_at: new Date(start + i * 37 + Math.floor(random() * 1000)).toISOString(),
        user: {
          email: hot ? HOT_IDENTITY : `user${user}@example.com`,
          plan: PLANS[user % PLANS.length],
          country: COUNTRIES[user % COUNTRIES.length],
          signed_up: '2023-0' + ((user % 9) + 1) + '-15',
        },
        session_id: `s-${Math.floor(random() * 1e12).toString(36)}`,
        page: {
          path: path.endsWith('/') && path.length > 1 ? `${path}${Math.floor(random() * 500)}` : path,
          referrer: pick(REFERRERS),
          title: `${type} - Example Store`,
        },
        device: { os, browser, mobile, screen_width: mobile ? 390 : 1440 },
        duration_ms: Math.floor(random() * 60_000),
        revenue: type === 'Order Completed' ? Math.round(random() * 50_000) / 100 : null,
        items: type === 'Order Completed' || type === 'Add To Cart' ? Math.floor(random() * 5) + 1 : 0,
        tags: [pick(TAGS), pick(TAGS)],
        experiment: { id: `exp-${user % 7}`, variant: random() < 0.5 ? 'control' : 'treatment' },
        consent: random() < 0.9,
      };
      chunk += `${JSON.stringify({ type: 'RECORD', record: { stream: STREAM, data, emitted_at: start + i } })}\n`;
      if (i % stateEvery === 0) writeState(i);
      if (chunk.length >= 1 << 20) flush();
    }
    if (spec.records % stateEvery !== 0) writeState(spec.records);
    flush();
  } finally {
    closeSync(fd);
  }
  return { path, records: spec.records, states, hotRecords, bytes };
}

