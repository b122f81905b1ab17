/**
 * `check`: does this config work? Prints exactly one CONNECTION_STATUS. SUCCEEDED only when the
 * config is valid, Heap's host answers over HTTP (any status below 500), the api_key (if set) is
 * accepted by Heap's auth-token endpoint, and the test event (if asked for) was tracked.
 */
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { HeapClient } from '../delivery/heap-client.js';
import { describeOutcome, type AttemptOutcome } from '../delivery/retry-policy.js';
import { ConnectorError } from '../errors.js';
import { connectionStatus } from '../protocol/output-messages.js';
import type { CliOptions } from '../cli/run-cli.js';
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
  const client = new HeapClient({
    baseUrl: config.heapUrl,
    timeoutMs: Math.min(CHECK_TIMEOUT_MS, config.request_timeout_seconds * 1000),
    connections: 1,
  });
  try {
    const problem = await findProblem(config, client);
    context.writer.write(
      problem === undefined
        ? connectionStatus('SUCCEEDED', describeSuccess(config))
        : connectionStatus('FAILED', problem),
    );
    return 0;
  } finally {
    await client.close();
  }
}

async function findProblem(config: LoadedConfig, client: HeapClient): Promise<string | undefined> {
  const host = config.heapUrl;
  // Heap's ingestion API checks no credential: an empty bulk request proves only that the host answers.
  const probe = await client.post('/api/track', JSON.stringify({ app_id: config.app_id, events: [] }));
  if (!answered(probe)) {
    return `Could not reach Heap at ${host} (${describeOutcome(probe)}). Check region / base_url and that this machine can reach that host.`;
  }
  if (config.api_key !== undefined) {
    const basic = Buffer.from(`${config.app_id}:${config.api_key}`).toString('base64');
    const auth = await client.post('/api/public/v0/auth_token', '', { headers: { authorization: `Basic ${basic}` } });
    if (auth.kind !== 'response' || auth.status >= 500) {
      return `Could not verify the API key: Heap's auth-token endpoint at ${host} failed (${describeOutcome(auth)}). Try again later.`;
    }
    if (auth.status === 401 || auth.status === 403) {
      return `Heap did not accept the app_id / api_key pair (HTTP ${auth.status}). Check that app_id is the environment ID the API key belongs to, or leave api_key empty.`;
    }
    if (auth.status < 200 || auth.status >= 300) {
      return `Heap's auth-token endpoint answered HTTP ${auth.status}; the app_id / api_key pair could not be verified.`;
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

function describeSuccess(config: LoadedConfig): string {
  const parts = [`Heap answered at ${config.heapUrl}`];
  if (config.api_key !== undefined) parts.push('the API key is valid for this app_id');
  if (config.send_test_event) parts.push(`a test event "${TEST_EVENT.event}" was tracked`);
  return `${parts.join('; ')}.`;
}
