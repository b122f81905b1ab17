/**
 * `check`: does this config work? Prints exactly one CONNECTION_STATUS. SUCCEEDED only when the
 * config is valid, Heap's host answers over HTTP (any status below 500), the api_key (if set) is
 * accepted by Heap's auth-token endpoint (and set when a mapping deletes users), and the test
 * event (if asked for) was tracked.
 */
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { HeapClient } from '../delivery/heap-client.js';
import { describeOutcome, type AttemptOutcome } from '../delivery/retry-policy.js';
import { retryHint } from '../delivery/retry-reason.js';
import { ConnectorError } from '../errors.js';
import { openStore } from '../rejected/open-store.js';
import { StoreProbeError, type PartStore } from '../rejected/part-store.js';
import { connectionStatus } from '../protocol/output-messages.js';
import type { CliOptions } from '../cli/run-cli.js';
import { DELETIONS_NEED_API_KEY } from '../sync/privacy-setup.js';
import type { CommandContext } from './context.js';

/** The test event: fixed identity, name and idempotency key, so repeated checks add one event at most. */
export const TEST_EVENT = {
  identity: 'destination-heap-connection-check',
  event: 'Destination Heap Connection Check',
  idempotency_key: 'destination-heap-connection-check-v1',
  properties: { source: 'destination-heap check' },
} as const;

const CHECK_TIMEOUT_MS = 15_000;

export async function checkCommand(options: CliOptions, context: CommandContext): Promise<number> {
  if (options.config === undefined) {
    context.writer.write(connectionStatus('FAILED', 'No config file given: run check --config FILE.'));
    return 0;
  }
  let config: LoadedConfig;
  try {
    config = await loadConfig(options.config);
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    context.writer.write(connectionStatus('FAILED', error.message));
    return 0;
  }
  if (config.api_key === undefined && config.mappings.some((mapping) => mapping.sync_type === 'user_deletions')) {
    context.writer.write(connectionStatus('FAILED', DELETIONS_NEED_API_KEY));
    return 0;
  }
  const timeoutMs = Math.min(CHECK_TIMEOUT_MS, config.request_timeout_seconds * 1000);
  const client = new HeapClient({ baseUrl: config.heapUrl, timeoutMs, connections: 1 });
  const store = await openStore(config.object_storage_config);
  try {
    const problem = (await findProblem(config, client, timeoutMs)) ?? (store === undefined ? undefined : await storeProblem(store, timeoutMs));
    context.writer.write(
      problem === undefined
        ? connectionStatus('SUCCEEDED', describeSuccess(config, store))
        : connectionStatus('FAILED', problem),
    );
    return 0;
  } finally {
    store?.close();
    await client.close();
  }
}

/** The store of rejected records takes a probe part and lets it go; else which step failed. */
async function storeProblem(store: PartStore, timeoutMs: number): Promise<string | undefined> {
  try {
    await store.probe(AbortSignal.timeout(timeoutMs));
    return undefined;
  } catch (error) {
    const detail = error instanceof StoreProbeError ? error.message : `probing it failed: ${String(error)}`;
    return `Heap is fine, but the store of rejected records (object_storage_config, ${store.where}) does not work: ${detail}. Check object_storage_config and the store's permissions, or set storage_type to "None".`;
  }
}

async function findProblem(config: LoadedConfig, client: HeapClient, timeoutMs: number): Promise<string | undefined> {
  const host = config.heapUrl;
  // Heap's ingestion API checks no credential: an empty bulk request proves only that the host answers.
  const probe = await client.post('/api/track', JSON.stringify({ app_id: config.app_id, events: [] }));
  if (!answered(probe)) return describeUnreachable(probe, host, timeoutMs);
  if (config.api_key !== undefined) {
    const basic = Buffer.from(`${config.app_id}:${config.api_key}`).toString('base64');
    const auth = await client.post('/api/public/v0/auth_token', '', { headers: { authorization: `Basic ${basic}` } });
    if (auth.kind !== 'response' || auth.status >= 500) {
      return `Could not verify the API key: Heap's auth-token endpoint at ${host} failed (${describeOutcome(auth)}). Try again later.`;
    }
    if (auth.status === 401 || auth.status === 403) {
      return (
        `Heap did not accept the app_id / api_key pair (HTTP ${auth.status}). Check that app_id is the environment ID the API key belongs to ` +
        "(for user deletions: the account's Main Production environment), or leave api_key empty."
      );
    }
    if (auth.status < 200 || auth.status >= 300) {
      return (
        `Heap's auth-token endpoint answered HTTP ${auth.status}; the app_id / api_key pair could not be verified. ` +
        'If base_url is a proxy, let it forward /api/public/v0/auth_token; otherwise leave api_key empty to skip this check.'
      );
    }
  }
  if (config.send_test_event) {
    const body = JSON.stringify({ app_id: config.app_id, events: [TEST_EVENT] });
    const sent = await client.post('/api/track', body);
    if (sent.kind !== 'response' || sent.status < 200 || sent.status >= 300) {
      return `Heap did not accept the test event (${describeOutcome(sent)}). Check app_id, or set send_test_event to false.`;
    }
  }
  return undefined;
}

function answered(outcome: AttemptOutcome): boolean {
  return outcome.kind === 'response' && outcome.status < 500;
}

/**
 * Why the reachability probe failed, for a person: a network failure (named by its cause, with
 * the code for searching) or a server error. A proxy in `base_url` is a common culprit for both.
 */
export function describeUnreachable(outcome: AttemptOutcome, url: string, timeoutMs: number): string {
  if (outcome.kind === 'response') {
    return `Heap at ${url} answered HTTP ${outcome.status} (a server error at Heap or at your proxy). Try again in a few minutes.`;
  }
  const hint = retryHint(outcome, url);
  if (hint !== undefined) return `Could not connect to Heap at ${url} (${(outcome as { code: string }).code}): ${hint}`;
  const cause =
    outcome.kind === 'timeout'
      ? `no answer within ${formatSeconds(timeoutMs)} s`
      : `${networkCause(outcome.code, timeoutMs)} (${outcome.code})`;
  return `Could not connect to Heap at ${url}: ${cause}. Check region / base_url, DNS and outbound HTTPS from this machine.`;
}

/** What a connection error code means, in a few words. */
function networkCause(code: string, timeoutMs: number): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    case 'ECONNREFUSED':
      return 'nothing is listening there';
    case 'ECONNRESET':
      return 'the connection was reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'there is no network route to the host';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `no answer within ${formatSeconds(timeoutMs)} s`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'its TLS certificate is for another host name (a proxy intercepting HTTPS?)';
  }
  if (TLS_TRUST_CODES.has(code) || code.startsWith('CERT_')) {
    return 'its TLS certificate is not trusted (a proxy intercepting HTTPS?)';
  }
  return 'the connection failed';
}

/** OpenSSL's verification failures other than the CERT_* family. */
const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
]);

function formatSeconds(ms: number): string {
  return String(Math.round((ms / 1000) * 10) / 10);
}

function describeSuccess(config: LoadedConfig, store: PartStore | undefined): string {
  const parts = [`Heap answered at ${config.heapUrl}`];
  if (config.api_key !== undefined) parts.push('the API key is valid for this app_id');
  if (config.send_test_event) parts.push(`a test event "${TEST_EVENT.event}" was tracked`);
  if (store !== undefined) parts.push(`rejected records can be kept in ${store.where} (a probe was written and removed)`);
  return `${parts.join('; ')}.`;
}
