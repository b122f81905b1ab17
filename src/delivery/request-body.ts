/**
 * Request bodies, `{"app_id":"…","events":[…]}`, written straight into Buffers from the JSON texts
 * of the queued items: no object tree to stringify again, no body-sized string, and undici sends
 * the Buffer as it is. The bytes are those `JSON.stringify` gives for the same object.
 *
 * The Buffers are reused: a body Heap has answered with a 2xx was read whole, so its memory is no
 * longer being sent and is handed back (`reuse`). Without this every request leaves a body-sized
 * Buffer (about half a MiB at 1000 events) for the garbage collector, and tens of MiB of them wait
 * outside the JavaScript heap between collections.
 */
import type { QueueEntry } from './endpoint-queue.js';

const COMMA = 0x2c;
const CLOSE = Buffer.from(']}');

export class RequestBodies {
  readonly #free: Buffer[] = [];

  /** `maxFree`: Buffers kept for reuse at most (the number of requests in flight). */
  constructor(private readonly maxFree: number) {}

  /** The body for `entries`: a view of a reused Buffer when one is large enough. */
  build(appId: string, bodyKey: string, entries: readonly Pick<QueueEntry, 'json'>[]): Buffer {
    const head = `{"app_id":${JSON.stringify(appId)},${JSON.stringify(bodyKey)}:[`;
    let length = Buffer.byteLength(head) + Math.max(0, entries.length - 1) + CLOSE.length;
    for (const entry of entries) length += Buffer.byteLength(entry.json);
    const body = this.#take(length);
    let offset = body.write(head, 0);
    for (let i = 0; i < entries.length; i++) {
      if (i > 0) body[offset++] = COMMA;
      offset += body.write(entries[i]!.json, offset);
    }
    CLOSE.copy(body, offset);
    return body;
  }

  /** Hands back a body Heap has read whole (a 2xx answer); never one still being sent. */
  reuse(body: Buffer): void {
    // Bodies made here start at offset 0 of a Buffer of their own (allocUnsafeSlow, never pooled).
    if (body.byteOffset === 0 && this.#free.length < this.maxFree) this.#free.push(Buffer.from(body.buffer));
  }

  #take(length: number): Buffer {
    for (let i = this.#free.length - 1; i >= 0; i--) {
      const buffer = this.#free[i]!;
      if (buffer.length >= length) {
        this.#free.splice(i, 1);
        return buffer.subarray(0, length);
      }
    }
    // A little room to spare, so a slightly larger body next time can reuse it too.
    return Buffer.allocUnsafeSlow(Math.ceil(length * 1.25)).subarray(0, length);
  }
}

/** The items of a body, read back (splitting a refused batch, redacting Heap's answer). */
export function bodyItems(body: Buffer, bodyKey: string): object[] {
  return (JSON.parse(body.toString('utf8')) as Record<string, object[]>)[bodyKey] ?? [];
}

/** One body, not reused (tests, one-off requests). */
export function requestBody(appId: string, bodyKey: string, entries: readonly Pick<QueueEntry, 'json'>[]): Buffer {
  return new RequestBodies(0).build(appId, bodyKey, entries);
}
