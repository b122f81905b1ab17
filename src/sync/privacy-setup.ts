/**
 * What a run with user deletions or identifies needs before stdin is read (docs/heap.md, "User
 * deletions"): deletions are sent with a token that only an api_key gets, so a deletions stream
 * without one is a config error at once, not after the first records were read.
 */
import type { LoadedConfig } from '../config/load.js';
import type { SyncType } from '../config/schema.js';
import { ConfigError } from '../errors.js';

export interface PrivacySetup {
  /** Keep per-identity order between deletions, identifies and the rest (delivery/identity-order.ts). */
  ordered: boolean;
}

export function privacySetup(syncTypes: ReadonlySet<SyncType>, config: Pick<LoadedConfig, 'api_key'>): PrivacySetup {
  if (syncTypes.has('user_deletions') && config.api_key === undefined) throw missingApiKey();
  return { ordered: syncTypes.has('user_deletions') || syncTypes.has('identify') };
}

/** Why a deletions stream needs an api_key and where to get one (write, check and preview say it). */
export const DELETIONS_NEED_API_KEY =
  'A stream writes user_deletions, and Heap takes deletions only with an API key: set api_key (an admin creates it under Account > Manage > Privacy & Security) ' +
  "and make app_id the environment ID of the account's Main Production environment.";

export function missingApiKey(): ConfigError {
  return new ConfigError('API_KEY_REQUIRED', `${DELETIONS_NEED_API_KEY} Nothing was read or sent.`);
}
