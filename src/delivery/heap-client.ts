/**
 * HTTP to Heap: one POST, one outcome. Every request has a timeout; connection failures and
 * timeouts come back as outcomes (never thrown) for the retry policy to judge. The dispatcher is
 * injectable so tests can pass their own.
 */
import { Pool, type Dispatcher } from 'undici';
import { parseRetryAfter, type AttemptOutcome } from './retry-policy.js';

export interface HeapClientOptions {
  /** Heap's origin, optionally with a path prefix (proxies), without a trailing slash. */
  baseUrl: string;
  /** Abandon a request after this long (ms). */
  timeoutMs: number;
  /** Connections to keep open to Heap (match the concurrency). */
  connections: number;
  /** Use this dispatcher instead of a pool of our own (tests). */
  dispatcher?: Dispatcher;
  now?: () => number;
}

export interface PostOptions {
  headers?: Record<string, string>;
  /** Aborts the request early (shutdown); it then resolves as a timeout outcome. */
  signal?: AbortSignal;
}

export class HeapClient {
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #origin: string;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #now: () => number;

  constructor(options: HeapClientOptions) {
    const url = new URL(options.baseUrl);
    this.#origin = url.origin;
    this.#prefix = url.pathname.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs;
    this.#now = options.now ?? Date.now;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ??
      new Pool(this.#origin, { connections: options.connections, keepAliveTimeout: 10_000, connect: { timeout: options.timeoutMs } });
  }

  /** POSTs a JSON body (UTF-8 bytes, or text) to `path` (e.g. `/api/track`) and reports what happened. */
  async post(path: string, body: Buffer | string, options: PostOptions = {}): Promise<AttemptOutcome> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
    try {
      const response = await this.#dispatcher.request({
        origin: this.#origin,
        path: `${this.#prefix}${path}`,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body,
        signal,
      });
      const text = await response.body.text();
      return {
        kind: 'response',
        status: response.statusCode,
        retryAfterMs: parseRetryAfter(response.headers['retry-after'], this.#now()),
        body: text,
      };
    } catch (error) {
      if (signal.aborted) return { kind: 'timeout' };
      return { kind: 'network', code: errorCode(error) };
    }
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.destroy();
  }
}

function errorCode(error: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // undici wraps socket errors; the useful code (ECONNRESET, ENOTFOUND...) may sit in `cause`.
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR_SOCKET')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  const fallback = (error as { code?: unknown } | null)?.code;
  return typeof fallback === 'string' ? fallback : error instanceof Error ? error.name : 'unknown';
}
