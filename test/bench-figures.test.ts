/**
 * Every memory figure the README's Benchmark table and docs/heap.md's "Memory and CPU" table give
 * is the one `npm run bench` saved in bench/results/latest.json, so the figures have one source:
 * a new benchmark run that changes them fails this test until both tables are updated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BenchResults } from '../bench/results.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const read = (file: string): string => readFileSync(join(root, file), 'utf8');
const results = JSON.parse(read('bench/results/latest.json')) as BenchResults;
const mib = (bytes: number | undefined): number => Math.round((bytes ?? Number.NaN) / 2 ** 20);

/** The section of `text` from the heading `heading` to the next heading of the same level or higher. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const level = heading.indexOf(' ');
  const next = text.slice(start + heading.length + 2).search(new RegExp(`\\n#{1,${level}} `));
  return next === -1 ? text.slice(start) : text.slice(start, start + heading.length + 2 + next);
}

/** The table row of `table` whose text holds `label`. */
function row(table: string, label: string): string {
  const found = table.split('\n').find((line) => line.startsWith('|') && line.includes(label));
  expect(found, `a row about ${label}`).toBeDefined();
  return found!;
}

const slowRuns = results.memory?.runs ?? [];
const cases = Object.fromEntries((results.memoryCases ?? []).map((run) => [run.name, run]));

describe('memory figures come from bench/results/latest.json', () => {
  it('has the three measured cases', () => {
    expect(slowRuns.map((run) => run.records)).toContain(300_000);
    expect(Object.keys(cases).sort()).toEqual(['big-states', 'identities']);
  });

  const slow300k = () => mib(slowRuns.find((run) => run.records === 300_000)?.peakRssBytes);

  it("README's Benchmark table", () => {
    const table = section(read('README.md'), '## Benchmark');
    expect(row(table, '300k / 1M events')).toContain(`${slow300k()} MiB`);
    expect(row(table, '200 KB state')).toContain(`${mib(cases['big-states']?.peakRssBytes)} MiB`);
    expect(row(table, 'distinct identities')).toContain(`${mib(cases.identities?.peakRssBytes)} MiB`);
  });

  it("docs/heap.md's Memory and CPU table", () => {
    const table = section(read('docs/heap.md'), '### Memory and CPU');
    expect(row(table, '300,000 events against a slow')).toContain(`| ${slow300k()} MiB`);
    expect(row(table, '200 KB state')).toContain(`| ${mib(cases['big-states']?.peakRssBytes)} MiB`);
    expect(row(table, 'distinct identities')).toContain(`| ${mib(cases.identities?.peakRssBytes)} MiB`);
  });
});
