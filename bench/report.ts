/**
 * The printed report: one table per scenario and the targets, as plain aligned text.
 */
import type { BenchResults } from './results.js';
import type { ThroughputResult } from './scenarios/throughput.js';

const MiB = 2 ** 20;

export function formatReport(results: BenchResults): string {
  const out: string[] = [];
  const { machine } = results;
  out.push(
    `destination-heap benchmark — ${results.startedAt}`,
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.platform}; peak RSS from ${machine.peakRssFrom}`,
    `load average (1 min) at start ${machine.loadAtStart.toFixed(2)}, at end ${machine.loadAtEnd.toFixed(2)}` +
      (Math.max(machine.loadAtStart, machine.loadAtEnd) > machine.cpus / 2
        ? ' — the machine was busy with other work: wall times are inflated, compare CPU times'
        : ''),
    `stdin of the measured programs: ${results.stdin === 'pipe' ? 'a pipe from cat (as under an Airbyte host)' : 'the input file itself'}`,
    ...(results.connectorNodeFlags.length > 0 ? [`connector node flags: ${results.connectorNodeFlags.join(' ')}`] : []),
    `command: ${results.command}`,
    '',
  );

  for (const t of [results.throughput, results.throughputOneCpu]) {
    if (t !== undefined) out.push(...throughputTable(t), '');
  }

  const m = results.memory;
  if (m !== undefined) {
    out.push(`Memory: slow sandbox (${m.latencyMs[0]}-${m.latencyMs[1]} ms per request), budgets off`);
    out.push(
      table(
        ['records', 'input', 'wall', 'records/s', 'CPU', 'peak RSS', 'requests', 'events accepted', 'states echoed / in'],
        m.runs.map((run) => [
          int(run.records),
          mib(run.inputBytes),
          seconds(run.wallMs),
          int(Math.round(run.recordsPerSecond)),
          optional(run.cpuMs, seconds),
          optional(run.peakRssBytes, mib),
          int(run.requests),
          int(run.eventsAccepted),
          `${run.statesEchoed} / ${run.statesInInput}`,
        ]),
      ),
      '',
    );
  }

  const cases = results.memoryCases;
  if (cases !== undefined && cases.length > 0) {
    out.push('Memory cases: inputs shaped to grow one thing the connector holds, app budget off');
    out.push(
      table(
        ['case', 'records', 'input', 'sandbox latency', 'wall', 'CPU', 'peak RSS', 'target', 'requests', 'events accepted', 'states echoed / in'],
        cases.map((run) => [
          `${run.name}: ${run.description}`,
          int(run.records),
          mib(run.inputBytes),
          run.latencyMs[1] > 0 ? `${run.latencyMs[0]}-${run.latencyMs[1]} ms` : 'none',
          seconds(run.wallMs),
          optional(run.cpuMs, seconds),
          optional(run.peakRssBytes, mib),
          `<= ${run.targetMiB} MiB`,
          int(run.requests),
          int(run.eventsAccepted),
          `${run.statesEchoed} / ${run.statesInInput}`,
        ]),
      ),
      '',
    );
  }

  const b = results.budget;
  if (b !== undefined && b.length > 0) {
    out.push(
      `Budgets: window ${b[0]!.windowMs} ms (DESTINATION_HEAP_RATE_WINDOW_MS and sandbox --window-ms); ` +
        'steady-state share = (delivered - budget) / (budget × span / window), span = from the first budget used up to the last admitted request, at the sandbox',
    );
    out.push(
      table(
        ['case', 'budget / window', 'records', 'budgeted events', 'delivered', 'span', 'windows', 'share used', '429s', 'requests', 'wall', 'states echoed / in'],
        b.map((run) => [
          run.name === 'app' ? 'app (events_per_minute)' : 'hot identity (per identity)',
          int(run.budgetPerWindow),
          int(run.records),
          int(run.budgetedEvents),
          int(run.delivered),
          seconds(run.spanMs),
          run.windowsElapsed.toFixed(2),
          `${(run.share * 100).toFixed(1)} %`,
          String(run.responses429),
          int(run.requests),
          seconds(run.wallMs),
          `${run.statesEchoed} / ${run.statesInInput}`,
        ]),
      ),
      '',
    );
  }

  const p = results.profile;
  if (p !== undefined) {
    out.push(`CPU profile: ${int(p.records)} events, ${seconds(p.wallMs)} wall under --cpu-prof, ${seconds(p.totalMs)} sampled (${p.profileFile})`);
    out.push(table(['self time by pipeline stage', 'ms', 'share'], p.byStage.map((s) => [s.name, int(Math.round(s.ms)), pct(s.share)])), '');
    out.push(table(['self time by place', 'ms', 'share'], p.byPlace.map((s) => [s.name, int(Math.round(s.ms)), pct(s.share)])), '');
    out.push(table(['self time by function', 'ms', 'share'], p.byFunction.map((s) => [s.name, int(Math.round(s.ms)), pct(s.share)])), '');
  }

  if (results.targets.length > 0) {
    out.push('Targets');
    out.push(table(['', 'target', 'measured', 'met'], results.targets.map((c) => [c.name, c.target, c.value, c.met ? 'yes' : 'NO'])), '');
  }
  return out.join('\n');
}

/** Columns padded to their widest cell; numbers (and anything starting with a digit) right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i > 0 && /^[\d-]/.test(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

function int(value: number): string {
  return value.toLocaleString('en-US');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(0)} MiB`;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

function optional<T>(value: T | undefined, format: (value: T) => string): string {
  return value === undefined ? 'n/a' : format(value);
}

function throughputTable(t: ThroughputResult): string[] {
  const out: string[] = [];
  out.push(
    `Throughput on ${t.cpus === 'all' ? 'all CPUs' : `CPU ${t.cpus} only (taskset)`}: ${int(t.records)} events (${mib(t.inputBytes)} of input, ${t.statesInInput} states), batch ${t.batchSize}, ` +
      `concurrency ${t.maxConcurrent}, budgets off, unthrottled sandbox; ${t.runs.length} runs`,
  );
  const rows = t.runs.map((run, i) => [
    `run ${i + 1}`,
    seconds(run.connectorWallMs),
    int(Math.round(t.records / (run.connectorWallMs / 1000))),
    optional(run.connectorCpuMs, seconds),
    optional(run.connectorPeakRssBytes, mib),
    `${run.requests} / ${t.expectedRequests}`,
    `${run.statesEchoed} / ${t.statesInInput}`,
    String(run.responses429),
    optional(run.sandboxCpuMs, seconds),
    seconds(run.floorWallMs),
    optional(run.floorCpuMs, seconds),
    `${(run.connectorWallMs / run.floorWallMs).toFixed(2)}x`,
  ]);
  const m = t.median;
  rows.push([
    'median',
    seconds(m.connectorWallMs),
    int(Math.round(m.recordsPerSecond)),
    optional(m.connectorCpuMs, seconds),
    optional(m.connectorPeakRssBytes, mib),
    '',
    '',
    '',
    '',
    seconds(m.floorWallMs),
    optional(m.floorCpuMs, seconds),
    `${m.ratio.toFixed(2)}x`,
  ]);
  for (const [name, edge] of [['min', t.min], ['max', t.max]] as const) {
    rows.push([name, seconds(edge.connectorWallMs), int(Math.round(t.records / (edge.connectorWallMs / 1000))), '', '', '', '', '', '', seconds(edge.floorWallMs), '', '']);
  }
  out.push(
    table(
      ['', 'connector wall', 'records/s', 'CPU', 'peak RSS', 'requests / ceil(n/b)', 'states echoed / in', '429s', 'sandbox CPU', 'floor wall', 'floor CPU', 'ratio'],
      rows,
    ),
  );
  return out;
}
