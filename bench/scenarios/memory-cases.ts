/**
 * Memory cases: inputs shaped to grow one thing the connector holds, each with its peak-RSS
 * target (README's benchmark table, docs/heap.md):
 *
 *   big-states   1,500 records each followed by a 200 KB STATE while Heap answers in 3 s: the
 *                waiting states and their text count in bytes toward the read backpressure
 *   identities   300k records of 300k distinct identities, `events_per_minute: 0` and the
 *                per-identity budget on (1000): the per-identity rate windows of a whole minute
 */
import { join } from 'node:path';
import { runConnector } from '../connector.js';
import { writeInput, type InputSpec } from '../input.js';
import { SandboxProcess } from '../sandbox.js';
import type { ScenarioContext } from './context.js';

export const MEMORY_CASES = ['big-states', 'identities'] as const;
export type MemoryCaseName = (typeof MEMORY_CASES)[number];

interface CaseDefinition {
  description: string;
  input: Omit<InputSpec, 'seed'>;
  latencyMs: readonly [number, number];
  eventsPerIdentityPerMinute: number;
  targetMiB: number;
}

const CASES: Record<MemoryCaseName, CaseDefinition> = {
  'big-states': {
    description: '1,500 records each followed by a 200 KB state, Heap answering in 3 s',
    input: { records: 1_500, identities: 1_000, stateEvery: 1, stateBytes: 200 * 1024 },
    latencyMs: [3_000, 3_000],
    eventsPerIdentityPerMinute: 0,
    targetMiB: 250,
  },
  identities: {
    description: '300k distinct identities, events_per_minute 0, per-identity budget 1000',
    input: { records: 300_000, identities: 300_000, distinctIdentities: true },
    latencyMs: [0, 0],
    eventsPerIdentityPerMinute: 1_000,
    targetMiB: 200,
  },
};

export interface MemoryCaseRun {
  name: MemoryCaseName;
  description: string;
  targetMiB: number;
  records: number;
  statesInInput: number;
  inputBytes: number;
  latencyMs: readonly [number, number];
  wallMs: number;
  peakRssBytes: number | undefined;
  cpuMs: number | undefined;
  requests: number;
  eventsAccepted: number;
  statesEchoed: number;
}

export interface MemoryCaseOptions {
  batchSize: number;
  maxConcurrent: number;
}

export async function memoryCase(name: MemoryCaseName, options: MemoryCaseOptions, context: ScenarioContext): Promise<MemoryCaseRun> {
  const definition = CASES[name];
  const input = writeInput(join(context.workDir, `${name}.jsonl`), { ...definition.input, seed: 11 });
  context.progress(`${name}: ${definition.description}; input ${(input.bytes / 2 ** 20).toFixed(0)} MiB`);
  const [min, max] = definition.latencyMs;
  const sandbox = await SandboxProcess.start({
    eventsPerApp: 0,
    eventsPerIdentity: 0,
    ...(max > 0 ? { faults: { seed: 1, latencyMs: [min, max] } } : {}),
    workDir: context.workDir,
  });
  try {
    const run = await runConnector(input.path, {
      baseUrl: sandbox.url,
      batchSize: options.batchSize,
      maxConcurrent: options.maxConcurrent,
      eventsPerMinute: 0,
      eventsPerIdentityPerMinute: definition.eventsPerIdentityPerMinute,
      workDir: context.workDir,
      stdinMode: context.stdinMode,
      nodeFlags: context.connectorNodeFlags,
    });
    const { counters } = await sandbox.summary();
    context.progress(`${name}: ${(run.wallMs / 1000).toFixed(1)} s, peak RSS ${((run.peakRssBytes ?? 0) / 2 ** 20).toFixed(0)} MiB`);
    return {
      name,
      description: definition.description,
      targetMiB: definition.targetMiB,
      records: input.records,
      statesInInput: input.states,
      inputBytes: input.bytes,
      latencyMs: definition.latencyMs,
      wallMs: run.wallMs,
      peakRssBytes: run.peakRssBytes,
      cpuMs: run.cpuMs,
      requests: counters.requests,
      eventsAccepted: counters.eventsAccepted,
      statesEchoed: run.statesEchoed,
    };
  } finally {
    await sandbox.stop();
    context.discard(input.path);
  }
}
