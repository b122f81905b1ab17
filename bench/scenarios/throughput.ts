/**
 * Throughput: n events through the built CLI against an unthrottled sandbox, and the same input
 * through the floor program; each run `runs` times, alternating, and the medians compared. With
 * `cpus`, both programs are held to those CPUs (`taskset -c`), as in a host pod given one CPU;
 * the sandbox, standing in for Heap, is not.
 */
import { join } from 'node:path';
import { runConnector } from '../connector.js';
import { writeInput } from '../input.js';
import { runMeasured } from '../process-runner.js';
import { distPath } from '../paths.js';
import { SandboxProcess, count429 } from '../sandbox.js';
import type { ScenarioContext } from './context.js';

export interface ThroughputOptions {
  records: number;
  runs: number;
  batchSize: number;
  maxConcurrent: number;
  /** `taskset -c` list for the connector and the floor; undefined = all CPUs. */
  cpus?: string;
}

export interface ThroughputRun {
  connectorWallMs: number;
  connectorCpuMs: number | undefined;
  connectorPeakRssBytes: number | undefined;
  requests: number;
  eventsAccepted: number;
  statesEchoed: number;
  responses429: number;
  /** CPU the sandbox used while serving this run (it shares the machine with the connector). */
  sandboxCpuMs: number | undefined;
  floorWallMs: number;
  floorCpuMs: number | undefined;
  floorPeakRssBytes: number | undefined;
}

export interface ThroughputResult {
  /** CPUs the connector and the floor ran on (`taskset -c`), or "all". */
  cpus: string;
  records: number;
  inputBytes: number;
  statesInInput: number;
  batchSize: number;
  maxConcurrent: number;
  expectedRequests: number;
  runs: ThroughputRun[];
  /** Medians over the runs. */
  median: {
    connectorWallMs: number;
    recordsPerSecond: number;
    connectorCpuMs: number | undefined;
    connectorPeakRssBytes: number | undefined;
    floorWallMs: number;
    floorCpuMs: number | undefined;
    /** connector wall / floor wall. */
    ratio: number;
  };
  /** Fastest and slowest runs. */
  min: { connectorWallMs: number; floorWallMs: number };
  max: { connectorWallMs: number; floorWallMs: number };
}

export async function throughputScenario(options: ThroughputOptions, context: ScenarioContext): Promise<ThroughputResult> {
  const input = writeInput(join(context.workDir, `throughput-${options.records}.jsonl`), {
    records: options.records,
    identities: 50_000,
  });
  context.progress(`throughput: input ${input.records} records, ${(input.bytes / 2 ** 20).toFixed(0)} MiB`);
  const runs: ThroughputRun[] = [];
  for (let i = 1; i <= options.runs; i++) {
    const cpus = options.cpus === undefined ? {} : { cpus: options.cpus };
    const floor = await runMeasured({ script: distPath('bench/floor.js'), stdinFile: input.path, stdinMode: context.stdinMode, ...cpus });
    if (floor.exitCode !== 0) throw new Error(`the floor program failed (exit ${floor.exitCode}):\n${floor.stderrTail}`);

    const sandbox = await SandboxProcess.start({ eventsPerApp: 0, eventsPerIdentity: 0, workDir: context.workDir });
    try {
      const sandboxCpuBefore = sandbox.cpuMs();
      const run = await runConnector(input.path, {
        baseUrl: sandbox.url,
        batchSize: options.batchSize,
        maxConcurrent: options.maxConcurrent,
        eventsPerMinute: 0,
        eventsPerIdentityPerMinute: 0,
        workDir: context.workDir,
        stdinMode: context.stdinMode,
        nodeFlags: context.connectorNodeFlags,
        ...cpus,
      });
      const sandboxCpuAfter = sandbox.cpuMs();
      const { counters } = await sandbox.summary();
      runs.push({
        connectorWallMs: run.wallMs,
        connectorCpuMs: run.cpuMs,
        connectorPeakRssBytes: run.peakRssBytes,
        requests: counters.requests,
        eventsAccepted: counters.eventsAccepted,
        statesEchoed: run.statesEchoed,
        responses429: count429(counters),
        sandboxCpuMs: sandboxCpuBefore === undefined || sandboxCpuAfter === undefined ? undefined : sandboxCpuAfter - sandboxCpuBefore,
        floorWallMs: floor.wallMs,
        floorCpuMs: floor.cpuMs,
        floorPeakRssBytes: floor.peakRssBytes,
      });
      context.progress(
        `throughput (CPUs: ${options.cpus ?? 'all'}) run ${i}/${options.runs}: connector ${(run.wallMs / 1000).toFixed(2)} s, floor ${(floor.wallMs / 1000).toFixed(2)} s`,
      );
    } finally {
      await sandbox.stop();
    }
  }
  context.discard(input.path);

  const connectorWallMs = median(runs.map((r) => r.connectorWallMs));
  const floorWallMs = median(runs.map((r) => r.floorWallMs));
  const connectorWalls = runs.map((r) => r.connectorWallMs);
  const floorWalls = runs.map((r) => r.floorWallMs);
  return {
    cpus: options.cpus ?? 'all',
    records: input.records,
    inputBytes: input.bytes,
    statesInInput: input.states,
    batchSize: options.batchSize,
    maxConcurrent: options.maxConcurrent,
    expectedRequests: Math.ceil(input.records / options.batchSize),
    runs,
    median: {
      connectorWallMs,
      recordsPerSecond: input.records / (connectorWallMs / 1000),
      connectorCpuMs: medianOf(runs.map((r) => r.connectorCpuMs)),
      connectorPeakRssBytes: medianOf(runs.map((r) => r.connectorPeakRssBytes)),
      floorWallMs,
      floorCpuMs: medianOf(runs.map((r) => r.floorCpuMs)),
      ratio: connectorWallMs / floorWallMs,
    },
    min: { connectorWallMs: Math.min(...connectorWalls), floorWallMs: Math.min(...floorWalls) },
    max: { connectorWallMs: Math.max(...connectorWalls), floorWallMs: Math.max(...floorWalls) },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function medianOf(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0 ? undefined : median(known);
}
