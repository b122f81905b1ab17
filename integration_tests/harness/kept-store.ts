/**
 * Stores of rejected records as the tests read them: a real S3-compatible server (s3rver) started
 * in-process on loopback for each test that needs one, and the kept parts of a local folder or a
 * bucket, read back as text and as parsed lines. Tests assert on what was stored, never on logs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll } from 'vitest';

// The SDK's one-time note that its 2027 releases need Node 22 would land in the test output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
import { freshDir } from './paths.js';
import type { JsonObject } from './protocol.js';

/** Credentials s3rver accepts; the secret is what the tests look for in every output. */
export const S3_ACCESS_KEY_ID = 'S3RVER';
export const S3_SECRET = 'S3RVER';

export interface S3Server {
  endpoint: string;
  bucket: string;
  client: S3Client;
  /** Every object key in the bucket, sorted. */
  keys(): Promise<string[]>;
  text(key: string): Promise<string>;
}

const servers: Array<{ server: S3rver; remove: () => void; client: S3Client }> = [];

afterAll(async () => {
  for (const { server, remove, client } of servers.splice(0)) {
    client.destroy();
    await server.close();
    remove();
  }
});

/** Starts s3rver on a free loopback port with one empty bucket; closed after the test file. */
export async function useS3Server(bucket = 'kept-records'): Promise<S3Server> {
  const files = freshDir();
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: files.dir, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET },
  });
  servers.push({ server, remove: files.remove, client });
  return {
    endpoint,
    bucket,
    client,
    keys: async () => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!).sort(),
    text: async (key) => (await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString()),
  };
}

/** The S3 `object_storage_config` of a server (any field may be overridden). */
export function s3Storage(server: { endpoint: string; bucket: string }, overrides: JsonObject = {}): JsonObject {
  return {
    storage_type: 'S3',
    s3_bucket_name: server.bucket,
    s3_bucket_region: 'us-east-1',
    bucket_path: 'heap/rejected',
    s3_endpoint: server.endpoint,
    access_key_id: S3_ACCESS_KEY_ID,
    secret_access_key: S3_SECRET,
    ...overrides,
  };
}

/** Every file under `dir`, as paths relative to it (`/`-separated), sorted. */
export function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

export function readText(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** A kept part's lines, parsed (numbers as JSON.parse reads them; assert exact text on the raw lines). */
export function keptLines(text: string): KeptLine[] {
  expectLines(text);
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as KeptLine);
}

function expectLines(text: string): void {
  if (!text.endsWith('\n')) throw new Error('a kept part must end with a newline');
}

export interface KeptLine {
  type: string;
  record: { stream: string; namespace: string | null; data: JsonObject; emitted_at: number };
  rejection: { reason: string; by: 'mapping' | 'heap'; input_line: number; rejected_at: string; connector_version: string };
}

/** `2026_12_07_1796656372084_0.jsonl`: the day, the epoch ms the part was opened, the part number. */
export const PART_FILE = /^(\d{4})_(\d{2})_(\d{2})_(\d{13})_(\d+)\.jsonl$/;
