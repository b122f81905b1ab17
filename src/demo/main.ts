#!/usr/bin/env node
/**
 * The demo (`npm run demo`): starts the bundled Heap sandbox, runs `check`, `discover` and `write`
 * of the built CLI on sample data covering every sync type and one data-activation stream, exactly as a host would (child processes,
 * files, stdin/stdout), and prints a readable report of what happened and what Heap now holds.
 * Rejected records are kept in a real S3-compatible server on loopback (s3rver, src/demo/loopback-s3.ts);
 * the demo reads them back, fixes one and replays them through `write` (src/demo/replay.ts).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../sandbox/server.js';
import { startLoopbackS3, s3Storage } from './loopback-s3.js';
import { replayKept } from './replay.js';
import { NEXT_STEPS, renderKept, renderReport, type CliRun } from './report.js';
import { DEMO_API_KEY, DEMO_APP_ID, DEMO_BUCKET, DEMO_CATALOG, demoConfig, demoMessages } from './sample-data.js';

// The SDK's one-time note that its 2027 releases need Node 22 would land in the report (as in src/cli/main.ts).
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));

function run(args: string[], input: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const messages = stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, any>);
      resolve({ exitCode: code ?? -1, messages, seconds: (Date.now() - started) / 1000 });
    });
    child.stdin.end(input);
  });
}

/** Undone in reverse order at the end, each even when an earlier step or undo failed. */
const cleanups: Array<() => Promise<unknown>> = [];
try {
  const dir = await mkdtemp(join(tmpdir(), 'destination-heap-demo-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const sandbox = await startSandbox({ apiKeys: { [DEMO_APP_ID]: DEMO_API_KEY } });
  cleanups.push(() => sandbox.close());
  const s3Files = join(dir, 's3');
  await mkdir(s3Files);
  const s3 = await startLoopbackS3(s3Files, DEMO_BUCKET);
  cleanups.push(() => s3.close());

  const configPath = join(dir, 'config.json');
  const catalogPath = join(dir, 'catalog.json');
  await writeFile(configPath, JSON.stringify(demoConfig(sandbox.url, s3Storage(s3)), null, 2));
  await writeFile(catalogPath, JSON.stringify(DEMO_CATALOG, null, 2));
  const lines = demoMessages();
  const write = (input: string) => run(['write', '--config', configPath, '--catalog', catalogPath], input);

  const check = await run(['check', '--config', configPath], '');
  const discover = await run(['discover', '--config', configPath], '');
  const written = await write(`${lines.join('\n')}\n`);
  process.stdout.write(renderReport({ sandbox, appId: DEMO_APP_ID, configPath, catalogPath, inputLines: lines.length, check, discover, write: written }));
  process.exitCode = check.exitCode === 0 && discover.exitCode === 0 && written.exitCode === 0 ? 0 : 1;

  const kept = await replayKept(s3, sandbox, write);
  process.stdout.write(renderKept(kept));
  if (kept.replays.some((replay) => replay.run.exitCode !== 0)) process.exitCode = 1;
  process.stdout.write(NEXT_STEPS);
} catch (error) {
  process.stderr.write(`The demo stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch((error: unknown) => {
      process.stderr.write(`The demo could not clean up: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
  }
}
