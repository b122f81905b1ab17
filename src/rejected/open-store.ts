/**
 * The store an `object_storage_config` names, or undefined for `None`. The S3 store (and the AWS
 * SDK with it) is loaded only when configured: every other run starts, and stays, without it.
 */
import type { ObjectStorage } from '../config/schema.js';
import { LocalStore } from './local-store.js';
import type { PartStore } from './part-store.js';

export async function openStore(config: ObjectStorage): Promise<PartStore | undefined> {
  switch (config.storage_type) {
    case 'None':
      return undefined;
    case 'Local':
      return new LocalStore(config.path);
    case 'S3': {
      const { S3Store } = await import('./s3-store.js');
      return new S3Store(config);
    }
  }
}
