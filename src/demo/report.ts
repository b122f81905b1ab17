/** The demo's report: plain text for a person reading a terminal. */
import type { Sandbox } from '../sandbox/server.js';
import type { KeptDemo } from './replay.js';
import { DEMO_ACTIVATION_STREAM, DEMO_DELETED_USERS, DEMO_FIX } from './sample-data.js';

export interface CliRun {
  exitCode: number;
  // Parsed AirbyteMessages of a child run, read only to be displayed.
  messages: Record<string, any>[];
  seconds: number;
}

interface ReportInput {
  sandbox: Sandbox;
  appId: string;
  configPath: string;
  catalogPath: string;
  inputLines: number;
  check: CliRun;
  discover: CliRun;
  write: CliRun;
}

const ENDPOINT_LABELS: Record<string, string> = {
  '/api/track': 'events   /api/track',
  '/api/add_user_properties': 'users    /api/add_user_properties',
  '/api/add_account_properties': 'accounts /api/add_account_properties',
  '/api/v1/identify': 'identify /api/v1/identify',
  '/api/public/v0/user_deletion': 'deletions /api/public/v0/user_deletion',
};

export function renderReport(input: ReportInput): string {
  const { sandbox, check, discover, write } = input;
  const out: string[] = [];
  const status = check.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus;
  out.push('destination-heap demo', '=====================', '');
  out.push(`Heap sandbox: ${sandbox.url} (a local stand-in for Heap; nothing leaves this machine)`, '');
  out.push(`1. check  -> ${status?.status ?? 'no status'}: ${status?.message ?? ''}`);
  const operations: { object_name: string; sync_mode: string }[] =
    discover.messages.find((m) => m.type === 'DESTINATION_CATALOG')?.destination_catalog?.operations ?? [];
  out.push(`2. discover -> objects for data activation: ${operations.map((o) => `${o.object_name} (${o.sync_mode})`).join(', ') || 'none'}`);
  out.push(`3. write  -> exit ${write.exitCode} after ${write.seconds.toFixed(1)} s, ${input.inputLines} input lines`, '');

  out.push('   Delivered, per Heap endpoint:');
  const perPath = new Map<string, { requests: number; items: number }>();
  for (const request of sandbox.store.requests) {
    if (request.status !== 200) continue;
    const entry = perPath.get(request.path) ?? { requests: 0, items: 0 };
    entry.requests += 1;
    entry.items += request.itemCount;
    perPath.set(request.path, entry);
  }
  for (const [path, label] of Object.entries(ENDPOINT_LABELS)) {
    const entry = perPath.get(path) ?? { requests: 0, items: 0 };
    out.push(`     ${label.padEnd(38)} ${String(entry.items).padStart(4)} items in ${entry.requests} request(s)`);
  }

  const warnings = warningsOf(write);
  out.push('', `   Rejected records (${warnings.length}):`);
  for (const warning of warnings) out.push(`     - ${warning}`);

  const states = write.messages.filter((m) => m.type === 'STATE');
  out.push('', `   States echoed to the host (${states.length}), each after its records were in Heap:`);
  for (const { state } of states) {
    const descriptor = state.stream?.stream_descriptor;
    const name = descriptor ? [descriptor.namespace, descriptor.name].filter(Boolean).join('.') : state.type;
    const stats = state.destinationStats;
    out.push(`     - ${String(name).padEnd(16)} recordCount ${stats.recordCount}, rejectedRecordCount ${stats.rejectedRecordCount}`);
  }
  const summary = write.messages.find((m) => m.type === 'LOG' && String(m.log.message).startsWith('Summary'));
  if (summary) out.push('', `   ${summary.log.message}`);

  const activated = sandbox.store.events.filter((e) => e.event === 'Purchase Completed');
  out.push(
    '',
    `   Data activation: stream "${DEMO_ACTIVATION_STREAM.stream}" names the "${DEMO_ACTIVATION_STREAM.object}" object (no mapping in the config):`,
    `     ${activated.length} events in Heap, ${sandbox.store.counters.eventsDeduplicated} re-sent row(s) deduplicated by idempotency_key`,
  );

  out.push('', '   Identify: anonymous Heap users linked to identities (one request each):');
  for (const link of sandbox.store.identifies) out.push(`     user_id ${link.user_id} -> ${link.identity}`);
  out.push('', '   User deletions (IRREVERSIBLE in a real Heap: every environment of the account):');
  for (const request of sandbox.store.deletions) {
    out.push(`     deletion_request_id ${request.deletion_request_id}: ${request.users.length} user(s); follow it on Heap's Privacy & Security page`);
  }
  for (const email of DEMO_DELETED_USERS) {
    const left = sandbox.store.events.filter((e) => e.identity === email).length;
    out.push(`     ${email}: properties ${JSON.stringify(sandbox.store.user(input.appId, email) ?? null)}, ${left} events left`);
  }

  out.push('', '4. What Heap now holds (read back from the sandbox):');
  out.push(`   ${sandbox.store.events.length} events, ${sandbox.store.users.size} users, ${sandbox.store.accounts.size} accounts`);
  for (const email of ['user1@example.com', 'user4@example.com']) {
    out.push(`   user ${email}: ${JSON.stringify(sandbox.store.user(input.appId, email))}`);
  }
  for (const account of ['acct-1', 'acct-2']) {
    out.push(`   account ${account}: ${JSON.stringify(sandbox.store.account(input.appId, account))}`);
  }
  const event = sandbox.store.events[0];
  if (event) {
    const { receivedAt: _receivedAt, ...shown } = event;
    out.push(`   first event: ${JSON.stringify(shown)}`);
  }
  out.push('', '');
  return out.join('\n');
}

/** The rejections a run logged (each is one WARN line). */
function warningsOf(run: CliRun): string[] {
  return run.messages.filter((m) => m.type === 'LOG' && m.log.level === 'WARN').map((m) => m.log.message as string);
}

/** Longer texts are cut, to keep the report short (the full reason is among the rejections above). */
function shorten(text: string, max = 90): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

export function renderKept(kept: KeptDemo): string {
  const out: string[] = [];
  const total = kept.objects.reduce((sum, o) => sum + o.records, 0);
  out.push(`5. Rejected records kept for replay: object_storage_config S3, a real S3-compatible server (s3rver) at ${kept.endpoint}`);
  out.push(`   Kept in bucket "${kept.bucket}" by the write, read back from the bucket: ${total} record(s) in ${kept.objects.length} object(s)`);
  for (const { key, records } of kept.objects) out.push(`     ${key}  ${records} record(s)`);
  const { by, input_line, reason } = kept.fixed;
  out.push(`   One kept line's rejection: ${JSON.stringify({ by, input_line, reason: shorten(reason) })}`);
  out.push(
    `   Fix: in that line's text, ${DEMO_FIX.field} of ${DEMO_FIX.stream} ${DEMO_FIX.idField} ${DEMO_FIX.id} becomes ${JSON.stringify(DEMO_FIX.fixed)};`,
    `   then the ${kept.replayedLines} kept lines go through write again, twice (the rejection field is ignored on input):`,
  );
  kept.replays.forEach(({ run, before, after }, i) => {
    out.push(
      `     replay ${i + 1} -> exit ${run.exitCode}: Heap events ${before.events} -> ${after.events}, ` +
        `${DEMO_FIX.idField} ${DEMO_FIX.id} in Heap ${after.fixedEvents}, re-sent events deduplicated ${after.deduplicated - before.deduplicated}, ` +
        `rejected again ${warningsOf(run).length}`,
    );
  });
  out.push(`   Records rejected again were kept again, under each replay's own run id: the bucket now holds ${kept.objectsAfter} object(s).`, '', '');
  return out.join('\n');
}

export const NEXT_STEPS = [
  'Next: start a sandbox with `npx destination-heap sandbox --port 8080`, point a config\'s base_url at it,',
  'and run `destination-heap write --config config.json --catalog catalog.json < messages.jsonl` (see README.md).',
  '',
].join('\n');
