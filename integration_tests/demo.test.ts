/**
 * The demo (`npm run demo`): starts its own sandbox, runs `check` and `write` of the built CLI on
 * its sample data and prints a report for a person. Its report is the product's human output, so
 * this test reads a few stable labels of it (the endpoint paths, "States echoed", the kept-records
 * section) and parses the numbers next to them; nothing else. The kept-records section comes from
 * a real S3-compatible server the demo starts (src/demo/loopback-s3.ts): its numbers are what the
 * bucket and the sandbox held, so they are checked against each other and the rest of the report.
 *
 * The demo always runs the local build, whatever DESTINATION_HEAP_CMD says: the demo is not part of
 * the container image, and it spawns `dist/src/cli/main.js` itself. A container run of this suite
 * therefore still exercises the local build here, on purpose.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from './harness/paths.js';
import { ACCOUNTS, TRACK, USERS } from './harness/sandbox.js';

const BUILT_DEMO = join(REPO_ROOT, 'dist', 'src', 'demo', 'main.js');

interface DemoRun {
  exitCode: number | null;
  report: string;
  stderr: string;
}

function runDemo(): Promise<DemoRun> {
  if (!existsSync(BUILT_DEMO)) throw new Error(`The built demo ${BUILT_DEMO} does not exist: run \`npm run build\` first.`);
  return new Promise((resolve, reject) => {
    // Not commandUnderTest(): see the file comment. DESTINATION_HEAP_CMD is left out of the
    // environment too, so nothing the demo starts can pick it up.
    const { DESTINATION_HEAP_CMD: _ignored, ...env } = process.env;
    const child = spawn(process.execPath, [BUILT_DEMO], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let report = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (report += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, report, stderr });
    });
  });
}

/** The items count the report gives for an endpoint path: "<label> <path> <N> items in <M> request(s)". */
function deliveredTo(report: string, path: string): number | undefined {
  const escaped = path.replace(/[/]/g, '\\/');
  const match = new RegExp(`${escaped}\\s+(\\d+) items`).exec(report);
  return match ? Number(match[1]) : undefined;
}

let demo: DemoRun;

beforeAll(async () => {
  demo = await runDemo();
});

it('exits 0', () => {
  expect(demo.exitCode, demo.stderr.slice(-2000)).toBe(0);
});

it.each([TRACK, USERS, ACCOUNTS])('reports items delivered to %s', (path) => {
  expect(deliveredTo(demo.report, path)).toBeGreaterThan(0);
});

it('reports states echoed to the host', () => {
  const echoed = /States echoed[^(]*\((\d+)\)/.exec(demo.report);
  expect(echoed, 'a "States echoed (N)" line').not.toBeNull();
  expect(Number(echoed![1])).toBeGreaterThan(0);
});

it('runs one data-activation stream: its rows become events, a re-sent idempotency_key only once', () => {
  const activation = /Data activation:[^\n]*\n\s*(\d+) events in Heap, (\d+) re-sent/.exec(demo.report);
  expect(activation, 'a "Data activation:" block').not.toBeNull();
  expect(Number(activation![1])).toBeGreaterThan(0);
  expect(Number(activation![2])).toBeGreaterThan(0);
});

/** The report's kept-records section ("5. Rejected records kept for replay", up to "Next:"). */
function keptSection(report: string): string {
  const start = report.indexOf('Rejected records kept for replay');
  expect(start, 'a "Rejected records kept for replay" section').toBeGreaterThanOrEqual(0);
  const end = report.indexOf('\nNext:', start);
  return report.slice(start, end < 0 ? undefined : end);
}

/** The input lines of the rejections the report lists ("... at input line N: ..."). */
function rejectedInputLines(report: string): number[] {
  const listed = /Rejected records \((\d+)\):\n((?:\s+- [^\n]*\n)*)/.exec(report);
  expect(listed, 'a "Rejected records (N):" list').not.toBeNull();
  const lines = [...listed![2]!.matchAll(/at input line (\d+)/g)].map((m) => Number(m[1]));
  expect(lines.length).toBe(Number(listed![1]));
  return lines;
}

it('keeps every rejected record in the S3 store: the records read back from the bucket add up to the rejections', () => {
  const rejected = rejectedInputLines(demo.report);
  const perObject = [...keptSection(demo.report).matchAll(/\.jsonl\s+(\d+) record/g)].map((m) => Number(m[1]));
  expect(rejected.length).toBeGreaterThan(0);
  expect(perObject.length).toBeGreaterThan(0);
  expect(perObject.reduce((sum, n) => sum + n, 0)).toBe(rejected.length);
});

it("shows a kept line's rejection object, naming one of the rejected input lines", () => {
  const shown = /rejection: (\{.*\})$/m.exec(keptSection(demo.report));
  expect(shown, "a kept line's rejection object").not.toBeNull();
  const rejection = JSON.parse(shown![1]!) as { by: string; input_line: number; reason: string };
  expect(['mapping', 'heap']).toContain(rejection.by);
  expect(rejectedInputLines(demo.report)).toContain(rejection.input_line);
  expect(rejection.reason).not.toBe('');
});

it('replays the kept lines with one record fixed: it arrives in Heap once, and a second replay doubles no event', () => {
  const replays = [...keptSection(demo.report).matchAll(/replay \d -> exit (\d+): Heap events (\d+) -> (\d+), .* in Heap (\d+), re-sent events deduplicated (\d+)/g)].map(
    (m) => ({ exitCode: Number(m[1]), before: Number(m[2]), after: Number(m[3]), fixedInHeap: Number(m[4]), deduplicated: Number(m[5]) }),
  );
  expect(replays).toHaveLength(2);
  const held = /What Heap now holds[^\n]*\n\s*(\d+) events/.exec(demo.report);
  expect(held, 'a "What Heap now holds" count').not.toBeNull();
  const [first, second] = replays as [(typeof replays)[0], (typeof replays)[0]];
  expect(first).toEqual({ exitCode: 0, before: Number(held![1]), after: Number(held![1]) + 1, fixedInHeap: 1, deduplicated: 0 });
  expect(second.exitCode).toBe(0);
  expect(second.before).toBe(first.after);
  expect(second.after).toBe(first.after);
  expect(second.fixedInHeap).toBe(1);
  expect(second.deduplicated).toBeGreaterThanOrEqual(1);
});
