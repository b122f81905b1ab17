/** The store an `object_storage_config` names, or undefined for `None`. */
import type { ObjectStorage } from '../config/schema.js';
import { LocalStore } from './local-store.js';
import type { PartStore } from './part-store.js';
import { S3Store } from './s3-store.js';

export function openStore(config: ObjectStorage): PartStore | undefined {
  switch (config.storage_type) {
    case 'None':
      return undefined;
    case 'Local':
      return new LocalStore(config.path);
    case 'S3':
      return new S3Store(config);
  }
}
