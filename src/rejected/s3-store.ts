/**
 * Kept records in S3, or an S3-compatible store at `s3_endpoint` (addressed path-style). S3 has no
 * append: every write is a whole object, its key new (`If-None-Match: *` makes S3 refuse to
 * overwrite one that exists). A write counts as stored once S3 acknowledged the upload.
 *
 * The SDK's own retries are off: the keeper retries by its own policy, the same for every store.
 * No message built here holds the access key ID or its secret.
 */
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { S3Storage } from '../config/schema.js';
import { probeName, StoreProbeError, type PartStore, type WriteResult } from './part-store.js';
import { underPrefix } from './part-name.js';

/** One S3 request's time limits (ms). */
const CONNECT_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 60_000;

export class S3Store implements PartStore {
  readonly appendable = false;
  readonly where: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string | undefined;
  readonly #secrets: string[];

  constructor(config: S3Storage) {
    this.#bucket = config.s3_bucket_name;
    this.#prefix = config.bucket_path;
    this.#secrets = [config.secret_access_key, config.access_key_id];
    const at = config.s3_endpoint === undefined ? '' : ` at ${new URL(config.s3_endpoint).origin}`;
    this.where = `s3://${this.#bucket}/${underPrefix(this.#prefix, '')}${at}`;
    const keys = { accessKeyId: config.access_key_id, secretAccessKey: config.secret_access_key };
    this.#client = new S3Client({
      region: config.s3_bucket_region,
      ...(config.s3_endpoint === undefined ? {} : { endpoint: config.s3_endpoint, forcePathStyle: true }),
      credentials:
        config.role_arn === undefined
          ? keys
          : fromTemporaryCredentials({
              masterCredentials: keys,
              params: { RoleArn: config.role_arn, RoleSessionName: 'destination-heap' },
              clientConfig: { region: config.s3_bucket_region },
            }),
      maxAttempts: 1,
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    });
  }

  name(path: string): string {
    return `s3://${this.#bucket}/${this.#key(path)}`;
  }

  async write(path: string, text: string, _fresh: boolean, signal: AbortSignal): Promise<WriteResult> {
    try {
      await this.#client.send(
        new PutObjectCommand({ Bucket: this.#bucket, Key: this.#key(path), Body: text, ContentType: 'application/jsonl', IfNoneMatch: '*' }),
        { abortSignal: signal },
      );
      return 'written';
    } catch (error) {
      if (statusOf(error) === 412) return 'exists';
      throw new Error(this.describe(error));
    }
  }

  async probe(signal: AbortSignal): Promise<void> {
    const key = this.#key(probeName());
    try {
      await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: 'probe\n' }), { abortSignal: signal });
    } catch (error) {
      throw new StoreProbeError(`writing a probe object to s3://${this.#bucket}/${key}`, this.describe(error));
    }
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }), { abortSignal: signal });
    } catch (error) {
      throw new StoreProbeError(`removing the probe object s3://${this.#bucket}/${key}`, this.describe(error));
    }
  }

  close(): void {
    this.#client.destroy();
  }

  #key(path: string): string {
    return underPrefix(this.#prefix, path);
  }

  /** The S3 error code or network error, and the status; credentials cut out of whatever the store said. */
  describe(error: unknown): string {
    const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const status = statusOf(error);
    const code = e.code ?? e.name ?? 'Error';
    let text = `${code}${status === undefined ? '' : ` (HTTP ${status})`}${e.message && e.message !== code ? `: ${e.message}` : ''}`;
    for (const secret of this.#secrets) if (secret !== '') text = text.replaceAll(secret, '***');
    return text;
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}
