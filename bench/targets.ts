/**
 * The targets, checked against what was measured. Missing a target is reported, never
 * thrown: the benchmark's job is to print figures.
 */
import type { BenchResults } from './results.js';

export interface TargetCheck {
  name: string;
  target: string;
  value: string;
  met: boolean;
}

const MiB = 2 ** 20;

export function checkTargets(results: Omit<BenchResults, 'targets'>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { memory, budget } = results;
  for (const throughput of [results.throughput, results.throughputOneCpu]) {
    if (throughput === undefined) continue;
    const ratio = throughput.median.ratio;
    const cpus = throughput.cpus === 'all' ? 'all CPUs' : `CPU ${throughput.cpus} only`;
    checks.push({
      name: `median wall time vs floor, ${throughput.records} events, ${cpus}`,
      target: '<= 1.5x',
      value: `${ratio.toFixed(2)}x`,
      met: ratio <= 1.5,
    });
    const requests = [...new Set(throughput.runs.map((run) => run.requests))];
    checks.push({
      name: `requests for ${throughput.records} events, no faults`,
      target: `ceil(n / ${throughput.batchSize}) = ${throughput.expectedRequests}`,
      value: requests.join(', '),
      met: requests.length === 1 && requests[0] === throughput.expectedRequests,
    });
  }
  if (memory !== undefined) {
    const largest = memory.runs.reduce<(typeof memory.runs)[number] | undefined>(
      (max, run) => (max === undefined || run.records > max.records ? run : max),
      undefined,
    );
    if (largest !== undefined) {
      const peak = largest.peakRssBytes;
      checks.push({
        name: `peak RSS, ${largest.records} events, slow sandbox`,
        target: largest.records >= 300_000 ? '<= 150 MiB' : '<= 150 MiB (target is at 300k records)',
        value: peak === undefined ? 'unknown' : `${(peak / MiB).toFixed(0)} MiB`,
        met: peak !== undefined && peak <= 150 * MiB,
      });
    }
  }
  for (const run of results.memoryCases ?? []) {
    const peak = run.peakRssBytes;
    checks.push({
      name: `peak RSS, ${run.description}`,
      target: `<= ${run.targetMiB} MiB`,
      value: peak === undefined ? 'unknown' : `${(peak / MiB).toFixed(0)} MiB`,
      met: peak !== undefined && peak <= run.targetMiB * MiB,
    });
  }
  for (const run of budget ?? []) {
    checks.push({
      name: `${run.name === 'app' ? 'app' : 'hot identity'} budget used (steady state, ${run.windowsElapsed.toFixed(1)} windows)`,
      target: '>= 95 %, zero 429s',
      value: `${(run.share * 100).toFixed(1)} %, ${run.responses429} 429s`,
      met: run.share >= 0.95 && run.responses429 === 0,
    });
  }
  return checks;
}
