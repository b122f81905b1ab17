/** Everything one benchmark run measured, as printed and as saved to `bench/results/latest.json`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BudgetCase } from './scenarios/budget.js';
import type { MemoryResult } from './scenarios/memory.js';
import type { MemoryCaseRun } from './scenarios/memory-cases.js';
import type { ProfileResult } from './scenarios/profile.js';
import type { ThroughputResult } from './scenarios/throughput.js';
import type { TargetCheck } from './targets.js';

export interface BenchResults {
  /** The command that reproduces these figures. */
  command: string;
  startedAt: string;
  /** How the measured programs read their input. */
  stdin: 'pipe' | 'file';
  /** Extra node flags the connector ran with (none for the figures of record). */
  connectorNodeFlags: readonly string[];
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; peakRssFrom: string;
    /** 1-minute load average when the run started and ended: other work on the machine skews wall times. */
    loadAtStart: number;
    loadAtEnd: number;
  };
  throughput?: ThroughputResult;
  /** The same scenario with the connector and the floor held to one CPU (`taskset -c`). */
  throughputOneCpu?: ThroughputResult;
  memory?: MemoryResult;
  /** Inputs shaped to grow one thing the connector holds (scenarios/memory-cases.ts). */
  memoryCases?: MemoryCaseRun[];
  budget?: BudgetCase[];
  profile?: ProfileResult;
  targets: TargetCheck[];
}

export function saveResults(file: string, results: BenchResults): void {
  mkdirSync(dirname(file), { recursive: true });
  // The profile's file lives in a temporary directory: not worth keeping its path.
  const { profile, ...rest } = results;
  const saved = profile === undefined ? rest : { ...rest, profile: { ...profile, profileFile: undefined, byFunction: profile.byFunction.slice(0, 15), byPlace: profile.byPlace.slice(0, 10) } };
  writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
}
