/**
 * Memory: large inputs against a slow sandbox (every request waits `latencyMs`), so the reader
 * outruns delivery and only backpressure keeps memory bounded. Budgets are off: the point is
 * what the connector holds while Heap is slow, not how long the rate limits make it wait.
 */
import { join } from 'node:path';
import { runConnector } from '../connector.js';
import { writeInput } from '../input.js';
import { SandboxProcess } from '../sandbox.js';
import type { ScenarioContext } from './context.js';

export interface MemoryOptions {
  sizes: readonly number[];
  /** Sandbox latency per request, uniform in [min, max] ms. */
  latencyMs: readonly [number, number];
  batchSize: number;
  maxConcurrent: number;
}

export interface MemoryRun {
  records: number;
  inputBytes: number;
  wallMs: number;
  recordsPerSecond: number;
  peakRssBytes: number | undefined;
  cpuMs: number | undefined;
  requests: number;
  eventsAccepted: number;
  statesEchoed: number;
  statesInInput: number;
}

export interface MemoryResult {
  latencyMs: readonly [number, number];
  runs: MemoryRun[];
}

export async function memoryScenario(options: MemoryOptions, context: ScenarioContext): Promise<MemoryResult> {
  const runs: MemoryRun[] = [];
  for (const records of options.sizes) {
    const input = writeInput(join(context.workDir, `memory-${records}.jsonl`), { records, identities: 200_000, seed: 7 });
    context.progress(`memory: input ${records} records, ${(input.bytes / 2 ** 20).toFixed(0)} MiB, sandbox latency ${options.latencyMs.join('-')} ms`);
    const sandbox = await SandboxProcess.start({
      eventsPerApp: 0,
      eventsPerIdentity: 0,
      faults: { seed: 1, latencyMs: [options.latencyMs[0], options.latencyMs[1]] },
      workDir: context.workDir,
    });
    try {
      const run = await runConnector(input.path, {
        baseUrl: sandbox.url,
        batchSize: options.batchSize,
        maxConcurrent: options.maxConcurrent,
        eventsPerMinute: 0,
        eventsPerIdentityPerMinute: 0,
        workDir: context.workDir,
        stdinMode: context.stdinMode,
        nodeFlags: context.connectorNodeFlags,
      });
      const { counters } = await sandbox.summary();
      runs.push({
        records,
        inputBytes: input.bytes,
        wallMs: run.wallMs,
        recordsPerSecond: records / (run.wallMs / 1000),
        peakRssBytes: run.peakRssBytes,
        cpuMs: run.cpuMs,
        requests: counters.requests,
        eventsAccepted: counters.eventsAccepted,
        statesEchoed: run.statesEchoed,
        statesInInput: input.states,
      });
      context.progress(`memory ${records}: ${(run.wallMs / 1000).toFixed(1)} s, peak RSS ${((run.peakRssBytes ?? 0) / 2 ** 20).toFixed(0)} MiB`);
    } finally {
      await sandbox.stop();
      context.discard(input.path);
    }
  }
  return { latencyMs: options.latencyMs, runs };
}
