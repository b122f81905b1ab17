/**
 * The demo (`npm run demo`): starts its own sandbox, runs `check` and `write` of the built CLI on
 * its sample data and prints a report for a person. Its report is the product's human output, so
 * this test reads a few stable labels of it (the endpoint paths, "States echoed") and parses the
 * numbers next to them; nothing else.
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
