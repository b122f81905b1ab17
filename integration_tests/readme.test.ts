/**
 * The README's "Try it by hand" block, run as a user runs it: the block is read from README.md
 * and run by bash, line by line, in a fresh directory laid out like a clone (the built `dist/`
 * and the three fixtures it names). Only three things differ from a user's shell:
 *
 * - port 8080 is replaced by a free port (in the block and in the copied sample_config.json), so
 *   runs never collide; the block writes its config into a folder of its own (mktemp -d), never
 *   over a file the user has;
 * - `npm` is a shell function that records its arguments and does nothing: the suite runs after
 *   `npm ci` and the build (`npm test`), and must not rebuild `dist/` under the other tests;
 * - the block runs with `set -euo pipefail`, so any command that fails fails the test.
 *
 * This always runs the local build (like demo.test.ts), whatever DESTINATION_HEAP_CMD says.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDir, REPO_ROOT } from './harness/paths.js';
import { freePort } from './harness/ports.js';

const README_PORT = '8080';
const FIXTURES = ['sample_config.json', 'configured_catalog.json', 'messages.jsonl'];

/** The first ```sh block after the "### Try it by hand" heading. */
export function byHandBlock(readme: string): string {
  const heading = readme.indexOf('### Try it by hand');
  if (heading < 0) throw new Error('README.md has no "### Try it by hand" section');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(heading));
  if (block === null) throw new Error('README.md "Try it by hand" has no ```sh block');
  return block[1]!;
}

interface BlockRun {
  status: number | null;
  stdout: string;
  stderr: string;
  npmCalls: string[];
  port: number;
  block: string;
}

async function runBlock(): Promise<BlockRun> {
  const files = freshDir();
  const port = await freePort();
  const dir = files.dir;
  symlinkSync(join(REPO_ROOT, 'dist'), join(dir, 'dist'));
  mkdirSync(join(dir, 'integration_tests'));
  for (const name of FIXTURES) copyFileSync(join(REPO_ROOT, 'integration_tests', name), join(dir, 'integration_tests', name));
  const configPath = join(dir, 'integration_tests', 'sample_config.json');
  const config = readFileSync(configPath, 'utf8');
  expect(config, 'sample_config.json points at the README port').toContain(`http://127.0.0.1:${README_PORT}"`);
  writeFileSync(configPath, config.replaceAll(README_PORT, String(port)));

  const block = byHandBlock(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'))
    .replaceAll(README_PORT, String(port));
  expect(block, 'the block writes no fixed path under /tmp').not.toMatch(/\/tmp\//);
  const npmLog = join(dir, 'npm-calls.log');
  const script = `set -euo pipefail\nnpm() { echo "$*" >> ${JSON.stringify(npmLog)}; }\n${block}`;
  writeFileSync(npmLog, '');

  const child = spawn('bash', ['-c', script], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: dir } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 45_000);
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  // Whatever the block left behind in its process group (a sandbox it failed to stop).
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // The group is gone: the block stopped its sandbox.
  }
  const npmCalls = readFileSync(npmLog, 'utf8').split('\n').filter((l) => l !== '');
  files.remove();
  return { status, stdout, stderr, npmCalls, port, block };
}

describe('README "Try it by hand"', () => {
  let run: BlockRun;
  let lines: Record<string, unknown>[];

  beforeAll(async () => {
    run = await runBlock();
    lines = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  });

  it('runs every command of the block with exit 0', () => {
    expect(run.status, `stderr:\n${run.stderr.slice(-3000)}\nstdout:\n${run.stdout.slice(-3000)}`).toBe(0);
  });

  it('installs and builds with npm first', () => {
    expect(run.npmCalls).toEqual(['ci', 'run build']);
  });

  it('starts the sandbox at the URL the comment names', () => {
    expect(lines[0]).toEqual({ url: `http://127.0.0.1:${run.port}` });
  });

  it('check SUCCEEDS against the sandbox', () => {
    const statuses = lines.filter((l) => l.type === 'CONNECTION_STATUS');
    expect(statuses).toHaveLength(1);
    expect((statuses[0]!.connectionStatus as { status: string }).status).toBe('SUCCEEDED');
  });

  it('write echoes every state of messages.jsonl and ends without an error', () => {
    const inputStates = readFileSync(join(REPO_ROOT, 'integration_tests', 'messages.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"STATE"')).length;
    expect(lines.filter((l) => l.type === 'STATE')).toHaveLength(inputStates);
    expect(lines.filter((l) => l.type === 'TRACE' && (l.trace as { type: string }).type === 'ERROR')).toEqual([]);
  });

  it('the summary shows what the sandbox received, its one 400 being check\'s empty probe', () => {
    const summary = lines.at(-1) as {
      counters: { eventsAccepted: number; userUpdates: number; accountUpdates: number; emptyRequests: number; byStatus: Record<string, number> };
    };
    expect(summary.counters.byStatus['400']).toBe(1);
    expect(summary.counters.emptyRequests).toBe(1);
    expect(summary.counters.eventsAccepted).toBeGreaterThan(0);
    expect(summary.counters.userUpdates).toBeGreaterThan(0);
    expect(summary.counters.accountUpdates).toBeGreaterThan(0);
  });
});
