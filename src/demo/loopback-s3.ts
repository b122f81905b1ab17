/**
 * A real S3-compatible server on loopback for the demo and the conformance suite: s3rver, started
 * in-process on a free 127.0.0.1 port, files under a directory the caller owns, with one empty
 * bucket; and the `object_storage_config` that points the connector at it. The demo
 * (src/demo/main.ts) and the tests (integration_tests/harness/kept-store.ts) both start it here.
 *
 * s3rver is a devDependency: only the demo and the tests import this module, never the connector
 * (src/cli/main.ts), so the production image, which has no devDependencies, never loads it.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** The credentials s3rver accepts: test-only, known to everyone, never a real account's. */
export const S3_ACCESS_KEY_ID = 'S3RVER';
export const S3_SECRET = 'S3RVER';
/** The region the client signs for (s3rver accepts any). */
export const S3_REGION = 'us-east-1';

export interface LoopbackS3 {
  /** `http://127.0.0.1:PORT`. */
  endpoint: string;
  bucket: string;
  client: S3Client;
  /** Every object key in the bucket, sorted. */
  keys(): Promise<string[]>;
  text(key: string): Promise<string>;
  /** Stops the client and the server; the caller removes `directory`. */
  close(): Promise<void>;
}

/** Starts s3rver on a free loopback port, its files under `directory` (which must exist), with one empty `bucket`. */
export async function startLoopbackS3(directory: string, bucket: string): Promise<LoopbackS3> {
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: S3_REGION,
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET },
  });
  return {
    endpoint,
    bucket,
    client,
    keys: async () => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!).sort(),
    text: async (key) => (await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString()),
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}

/** The S3 `object_storage_config` that keeps rejected records in `server`'s bucket (any field may be overridden). */
export function s3Storage(server: { endpoint: string; bucket: string }, overrides: Record<string, unknown> = {}) {
  return {
    storage_type: 'S3',
    s3_bucket_name: server.bucket,
    s3_bucket_region: S3_REGION,
    bucket_path: 'heap/rejected',
    s3_endpoint: server.endpoint,
    access_key_id: S3_ACCESS_KEY_ID,
    secret_access_key: S3_SECRET,
    ...overrides,
  };
}
