/**
 * Request bodies, `{"app_id":"…","events":[…]}`, written straight into Buffers from the items'
 * JSON texts: no object tree to stringify again, no body-sized string, and undici sends
 * the Buffer as it is. The bytes are those `JSON.stringify` gives for the same object.
 *
 * The Buffers are reused: a body Heap has answered with a 2xx was read whole, so its memory is no
 * longer being sent and is handed back (`reuse`). Without this every request leaves a body-sized
 * Buffer (about half a MiB at 1000 events) for the garbage collector, and tens of MiB of them wait
 * outside the JavaScript heap between collections.
 */
const COMMA = 0x2c;
const CLOSE = Buffer.from(']}');

export class RequestBodies {
  readonly #free: Buffer[] = [];

  /** `maxFree`: Buffers kept for reuse at most (the number of requests in flight). */
  constructor(private readonly maxFree: number) {}

  /**
   * The body holding the items `texts` (JSON): a view of a reused Buffer when one is large enough.
   * `appId` undefined: a body without app_id (user deletion); `bodyKey` undefined: the one item is
   * the body, app_id first (identify).
   */
  build(appId: string | undefined, bodyKey: string | undefined, texts: readonly string[]): Buffer {
    if (bodyKey === undefined) return this.#single(appId, texts[0] ?? '{}');
    const head = `{${appId === undefined ? '' : `"app_id":${JSON.stringify(appId)},`}${JSON.stringify(bodyKey)}:[`;
    let length = Buffer.byteLength(head) + Math.max(0, texts.length - 1) + CLOSE.length;
    for (const text of texts) length += Buffer.byteLength(text);
    const body = this.#take(length);
    let offset = body.write(head, 0);
    for (let i = 0; i < texts.length; i++) {
      if (i > 0) body[offset++] = COMMA;
      offset += body.write(texts[i]!, offset);
    }
    CLOSE.copy(body, offset);
    return body;
  }

  /** `{"app_id":"…",` followed by the item's own fields. */
  #single(appId: string | undefined, text: string): Buffer {
    const fields = text.slice(1);
    const head = appId === undefined ? '{' : `{"app_id":${JSON.stringify(appId)}${fields === '}' ? '' : ','}`;
    const length = Buffer.byteLength(head) + Buffer.byteLength(fields);
    const body = this.#take(length);
    body.write(fields, body.write(head, 0));
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
export function bodyItems(body: Buffer, bodyKey: string | undefined): object[] {
  const parsed = JSON.parse(body.toString('utf8')) as Record<string, object[]>;
  if (bodyKey === undefined) {
    // The item is the body: app_id is the envelope's, not the item's.
    const { app_id: _appId, ...item } = parsed;
    return [item];
  }
  return parsed[bodyKey] ?? [];
}

/** One body, not reused (tests, one-off requests). */
export function requestBody(appId: string | undefined, bodyKey: string | undefined, texts: readonly string[]): Buffer {
  return new RequestBodies(0).build(appId, bodyKey, texts);
}
