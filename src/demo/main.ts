#!/usr/bin/env node
/**
 * The demo (`npm run demo`): starts the bundled Heap sandbox, runs `check`, `discover` and `write`
 * of the built CLI on sample data covering every sync type and one data-activation stream, exactly as a host would (child processes,
 * files, stdin/stdout), and prints a readable report of what happened and what Heap now holds.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../sandbox/server.js';
import { DEMO_API_KEY, DEMO_APP_ID, DEMO_CATALOG, demoConfig, demoMessages } from './sample-data.js';
import { renderReport, type CliRun } from './report.js';

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

const sandbox = await startSandbox({ apiKeys: { [DEMO_APP_ID]: DEMO_API_KEY } });
const dir = await mkdtemp(join(tmpdir(), 'destination-heap-demo-'));
try {
  const configPath = join(dir, 'config.json');
  const catalogPath = join(dir, 'catalog.json');
  await writeFile(configPath, JSON.stringify(demoConfig(sandbox.url), null, 2));
  await writeFile(catalogPath, JSON.stringify(DEMO_CATALOG, null, 2));
  const lines = demoMessages();

  const check = await run(['check', '--config', configPath], '');
  const discover = await run(['discover', '--config', configPath], '');
  const write = await run(['write', '--config', configPath, '--catalog', catalogPath], `${lines.join('\n')}\n`);
  process.stdout.write(renderReport({ sandbox, appId: DEMO_APP_ID, configPath, catalogPath, inputLines: lines.length, check, discover, write }));
  process.exitCode = check.exitCode === 0 && discover.exitCode === 0 && write.exitCode === 0 ? 0 : 1;
} finally {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
}
