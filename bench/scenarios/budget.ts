/**
 * Budgets: the connector's client-side rate budgets against a sandbox that enforces the same
 * limits, with a shortened window (DESTINATION_HEAP_RATE_WINDOW_MS and the sandbox's --window-ms)
 * so several windows pass in seconds. Two cases:
 * - app: `events_per_minute` N; the input holds N × windows events over many identities.
 * - identity: `events_per_identity_per_minute` M; one hot identity holds M × windows events among
 *   many cold ones, and the app is unlimited.
 *
 * Share of the budget used, in the steady state: once the first window's budget is used up (at
 * time t1, when the admitted count reaches `budget`), a client can get at most `budget` more
 * events in per window W, so from t1 to the last admitted request (tn) it can deliver at most
 * budget × (tn - t1) / W. share = (delivered - budget) / (budget × (tn - t1) / W). The first
 * window is left out on purpose: how fast it fills is the reader's speed, not budget use, and with
 * a sliding window its spread repeats in every later window. A client that resends each slot the
 * moment it frees scores 100 %; the connector keeps its window a little longer than Heap's
 * (W + max(50 ms, W / 60), for transit time), which costs it ~1.7 %. The inputs hold exactly
 * `windows` budgets of budgeted events. Times come from the sandbox's request log (when Heap
 * admitted each request), not from the client.
 */
import { join } from 'node:path';
import { runConnector } from '../connector.js';
import { HOT_IDENTITY, writeInput } from '../input.js';
import { SandboxProcess, count429 } from '../sandbox.js';
import type { ScenarioContext } from './context.js';

export interface BudgetOptions {
  windowMs: number;
  /** Windows' worth of events in each input. */
  windows: number;
  /** App budget per window (the `events_per_minute` case). */
  appBudget: number;
  /** Per-identity budget per window (the hot-identity case). */
  identityBudget: number;
  /** One record in `hotEvery` belongs to the hot identity. */
  hotEvery: number;
  batchSize: number;
  maxConcurrent: number;
}

export interface BudgetCase {
  name: 'app' | 'identity';
  budgetPerWindow: number;
  windowMs: number;
  records: number;
  /** Events that count against the budget under test (all events, or the hot identity's). */
  budgetedEvents: number;
  delivered: number;
  /** From the first budget used up to the last admitted request, at the sandbox (ms). */
  spanMs: number;
  /** spanMs / windowMs. */
  windowsElapsed: number;
  share: number;
  responses429: number;
  throttledBySandbox: number;
  requests: number;
  wallMs: number;
  statesEchoed: number;
  statesInInput: number;
}

export async function budgetScenario(options: BudgetOptions, context: ScenarioContext): Promise<BudgetCase[]> {
  const cases: BudgetCase[] = [];
  cases.push(await runCase('app', options, context));
  cases.push(await runCase('identity', options, context));
  return cases;
}

async function runCase(name: BudgetCase['name'], options: BudgetOptions, context: ScenarioContext): Promise<BudgetCase> {
  const appCase = name === 'app';
  const budget = appCase ? options.appBudget : options.identityBudget;
  // Exactly `windows` budgets of budgeted events: a perfect client then needs exactly that many
  // windows, and the share below is 100 %.
  const records = budget * options.windows * (appCase ? 1 : options.hotEvery);
  const input = writeInput(join(context.workDir, `budget-${name}.jsonl`), {
    records,
    identities: appCase ? 50_000 : 20_000,
    hotEvery: appCase ? 0 : options.hotEvery,
    seed: 11,
  });
  context.progress(`budget ${name}: ${records} records, ${budget} per ${options.windowMs} ms window${appCase ? '' : ` for ${input.hotRecords} hot-identity events`}`);
  const sandbox = await SandboxProcess.start({
    eventsPerApp: appCase ? budget : 0,
    eventsPerIdentity: appCase ? 0 : budget,
    windowMs: options.windowMs,
    workDir: context.workDir,
  });
  try {
    const run = await runConnector(input.path, {
      baseUrl: sandbox.url,
      batchSize: options.batchSize,
      maxConcurrent: options.maxConcurrent,
      eventsPerMinute: appCase ? budget : 0,
      eventsPerIdentityPerMinute: appCase ? 0 : budget,
      rateWindowMs: options.windowMs,
      workDir: context.workDir,
      stdinMode: context.stdinMode,
      nodeFlags: context.connectorNodeFlags,
    });
    const { counters } = await sandbox.summary();
    const log = await sandbox.requests();
    if (log.length >= 10_000) throw new Error('the sandbox request log is full: the share would be computed on a partial log');

    const admitted = log
      .filter((request) => request.status === 200 && request.path === '/api/track')
      .map((request) => ({
        at: request.receivedAt,
        count: appCase ? request.itemCount : request.identities.filter((identity) => identity === HOT_IDENTITY).length,
      }));
    const share = steadyStateShare(admitted, budget, options.windowMs);
    const result: BudgetCase = {
      name,
      budgetPerWindow: budget,
      windowMs: options.windowMs,
      records,
      budgetedEvents: appCase ? records : input.hotRecords,
      ...share,
      responses429: count429(counters),
      throttledBySandbox: counters.throttled,
      requests: counters.requests,
      wallMs: run.wallMs,
      statesEchoed: run.statesEchoed,
      statesInInput: input.states,
    };
    context.progress(`budget ${name}: share ${(result.share * 100).toFixed(1)} %, 429s ${result.responses429}`);
    return result;
  } finally {
    await sandbox.stop();
    context.discard(input.path);
  }
}

/** Requests as the sandbox admitted them: when, and how many budgeted events each carried. */
export interface Admitted {
  at: number;
  count: number;
}

/** The steady-state share described at the top of this file; `log` in admission order. */
export function steadyStateShare(
  log: readonly Admitted[],
  budget: number,
  windowMs: number,
): { delivered: number; spanMs: number; windowsElapsed: number; share: number } {
  let delivered = 0;
  let fullAt: number | undefined;
  let lastAt = 0;
  for (const request of log) {
    if (request.count === 0) continue;
    delivered += request.count;
    if (fullAt === undefined && delivered >= budget) fullAt = request.at;
    lastAt = request.at;
  }
  if (fullAt === undefined || delivered <= budget) return { delivered, spanMs: 0, windowsElapsed: 0, share: Number.NaN };
  const spanMs = lastAt - fullAt;
  const windowsElapsed = spanMs / windowMs;
  return { delivered, spanMs, windowsElapsed, share: (delivered - budget) / (budget * windowsElapsed) };
}
