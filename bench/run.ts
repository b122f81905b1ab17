#!/usr/bin/env node
/**
 * The benchmark (a program that prints figures, never a test): `npm run bench [-- flags]`.
 *
 *   throughput  n events through the built CLI vs the floor program; requests, states, peak RSS
 *   memory      300k and 1M events against a slow sandbox: peak RSS and wall time
 *   big-states  1,500 records each followed by a 200 KB STATE, Heap answering in 3 s: peak RSS
 *   identities  300k distinct identities, per-identity budget on, app budget off: peak RSS
 *   budget      app and per-identity budgets over several shortened windows: share used, 429s
 *   profile     (opt-in) one throughput run under --cpu-prof: self time per function and file
 *
 * Prints a report on stdout, progress on stderr, and saves the figures to bench/results/latest.json.
 * The only bench file that touches `process` (argv, exit code), besides the floor program.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RESULTS_FILE } from './paths.js';
import { hasGnuTime, type StdinMode } from './process-runner.js';
import { formatReport } from './report.js';
import { saveResults, type BenchResults } from './results.js';
import { budgetScenario } from './scenarios/budget.js';
import type { ScenarioContext } from './scenarios/context.js';
import { memoryScenario } from './scenarios/memory.js';
import { MEMORY_CASES, memoryCase, type MemoryCaseRun } from './scenarios/memory-cases.js';
import { profileScenario } from './scenarios/profile.js';
import { throughputScenario } from './scenarios/throughput.js';
import { checkTargets } from './targets.js';

const USAGE = `usage: npm run bench [-- flags]
  --only LIST             scenarios: throughput,memory,big-states,identities,budget,profile
                          (default throughput,memory,big-states,identities,budget)
  --records N             throughput (and profile) events (default 200000)
  --runs N                throughput repetitions; min, median and max are reported (default 5)
  --one-cpu CPU           also run throughput held to this one CPU with taskset (default 0; "none" to skip)
  --memory-records LIST   memory scenario sizes (default 300000,1000000)
  --latency-ms MIN,MAX    slow sandbox latency per request (default 200,400)
  --budget-window-ms N    shortened rate window (default 5000)
  --budget-windows N      windows' worth of budgeted events per budget case (default 5)
  --app-budget N          events per window for the app (default 10000)
  --identity-budget N     events per window per identity (default 1000)
  --hot-every N           one record in N is the hot identity's, in the identity case (default 10)
  --batch-size N          connector batch_size (default 1000)
  --concurrency N         connector max_concurrent_requests (default 8)
  --top N                 profile rows (default 25)
  --out FILE              where to save the figures (default bench/results/latest.json)
  --no-save               print only
  --stdin pipe|file       how measured programs read the input: a pipe from cat, as under an
                          Airbyte host (default), or the file itself
  --node-flags="FLAGS"    extra node flags for the connector runs, e.g. --node-flags="--max-semi-space-size=4"
  --keep                  keep the temporary directory (inputs, configs, CPU profile)`;

const SCENARIOS = ['throughput', 'memory', ...MEMORY_CASES, 'budget', 'profile'] as const;
type Scenario = (typeof SCENARIOS)[number];

const { values } = parseArgs({
  args: process.argv.slice(2),
  strict: true,
  allowPositionals: false,
  options: {
    only: { type: 'string', default: 'throughput,memory,big-states,identities,budget' },
    records: { type: 'string', default: '200000' },
    runs: { type: 'string', default: '5' },
    'one-cpu': { type: 'string', default: '0' },
    'memory-records': { type: 'string', default: '300000,1000000' },
    'latency-ms': { type: 'string', default: '200,400' },
    'budget-window-ms': { type: 'string', default: '5000' },
    'budget-windows': { type: 'string', default: '5' },
    'app-budget': { type: 'string', default: '10000' },
    'identity-budget': { type: 'string', default: '1000' },
    'hot-every': { type: 'string', default: '10' },
    'batch-size': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    top: { type: 'string', default: '25' },
    out: { type: 'string', default: DEFAULT_RESULTS_FILE },
    'no-save': { type: 'boolean', default: false },
    stdin: { type: 'string', default: 'pipe' },
    'node-flags': { type: 'string', default: '' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const positive = (flag: string, raw: string): number => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${flag} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
};
const list = (flag: string, raw: string): number[] => raw.split(',').map((part) => positive(flag, part.trim()));

const only = values.only.split(',').map((name) => name.trim()) as Scenario[];
for (const name of only) if (!SCENARIOS.includes(name)) throw new Error(`--only: unknown scenario "${name}" (${SCENARIOS.join(', ')})`);
const records = positive('records', values.records);
const batchSize = positive('batch-size', values['batch-size']);
const maxConcurrent = positive('concurrency', values.concurrency);
const latency = list('latency-ms', values['latency-ms']);

if (values.stdin !== 'pipe' && values.stdin !== 'file') throw new Error('--stdin must be pipe or file');
const stdinMode: StdinMode = values.stdin;

const workDir = mkdtempSync(join(tmpdir(), 'destination-heap-bench-'));
const connectorNodeFlags = values['node-flags'].split(' ').filter((flag) => flag.length > 0);
const context: ScenarioContext = {
  stdinMode,
  connectorNodeFlags,
  workDir,
  progress: (message) => process.stderr.write(`[bench] ${message}\n`),
  discard: (path) => {
    if (!values.keep) rmSync(path, { force: true });
  },
};

const argv = process.argv.slice(2);
const measured: Omit<BenchResults, 'targets'> = {
  command: argv.length === 0 ? 'npm run bench' : `npm run bench -- ${argv.join(' ')}`,
  startedAt: new Date().toISOString(),
  stdin: stdinMode,
  connectorNodeFlags,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    peakRssFrom: hasGnuTime() ? 'GNU time (ru_maxrss)' : '/proc/<pid>/status VmHWM, polled',
    loadAtStart: loadavg()[0] ?? 0,
    loadAtEnd: 0,
  },
};

let failed = false;
const attempt = async <T>(name: Scenario, run: () => Promise<T>): Promise<T | undefined> => {
  if (!only.includes(name)) return undefined;
  try {
    return await run();
  } catch (error) {
    failed = true;
    context.progress(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
};

try {
  measured.throughput = await attempt('throughput', () =>
    throughputScenario({ records, runs: positive('runs', values.runs), batchSize, maxConcurrent }, context),
  );
  if (values['one-cpu'] !== 'none') {
    const cpus = values['one-cpu'];
    measured.throughputOneCpu = await attempt('throughput', () =>
      throughputScenario({ records, runs: positive('runs', values.runs), batchSize, maxConcurrent, cpus }, context),
    );
  }
  measured.memory = await attempt('memory', () =>
    memoryScenario(
      { sizes: list('memory-records', values['memory-records']), latencyMs: [latency[0]!, latency[1] ?? latency[0]!], batchSize, maxConcurrent },
      context,
    ),
  );
  const memoryCases: MemoryCaseRun[] = [];
  for (const name of MEMORY_CASES) {
    const run = await attempt(name, () => memoryCase(name, { batchSize, maxConcurrent }, context));
    if (run !== undefined) memoryCases.push(run);
  }
  if (memoryCases.length > 0) measured.memoryCases = memoryCases;
  measured.budget = await attempt('budget', () =>
    budgetScenario(
      {
        windowMs: positive('budget-window-ms', values['budget-window-ms']),
        windows: positive('budget-windows', values['budget-windows']),
        appBudget: positive('app-budget', values['app-budget']),
        identityBudget: positive('identity-budget', values['identity-budget']),
        hotEvery: positive('hot-every', values['hot-every']),
        batchSize,
        maxConcurrent,
      },
      context,
    ),
  );
  measured.profile = await attempt('profile', () =>
    profileScenario({ records, batchSize, maxConcurrent, top: positive('top', values.top) }, context),
  );
} finally {
  if (!values.keep) rmSync(workDir, { recursive: true, force: true });
  else context.progress(`kept ${workDir}`);
}

measured.machine.loadAtEnd = loadavg()[0] ?? 0;
const results: BenchResults = { ...measured, targets: checkTargets(measured) };
process.stdout.write(`${formatReport(results)}\n`);
if (!values['no-save']) {
  saveResults(values.out, results);
  context.progress(`figures saved to ${values.out}`);
}
process.exitCode = failed ? 1 : 0;
