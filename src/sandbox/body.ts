import type { IncomingMessage } from 'node:http';

export type BodyResult = { tooLarge: false; text: string } | { tooLarge: true };

/**
 * Reads a request body up to `maxBytes`. Past the cap it keeps reading but drops the bytes, so the
 * 413 answer goes out after the client finished sending: answering mid-upload makes most clients
 * report a broken pipe instead of the status, and the connection could not be reused.
 * Rejects when the client goes away mid-body.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => {
      resolve(size > maxBytes ? { tooLarge: true } : { tooLarge: false, text: Buffer.concat(chunks, size).toString('utf8') });
    });
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('client aborted the request')));
  });
}
