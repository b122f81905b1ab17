#!/usr/bin/env node
/**
 * The sandbox as its own process: `node dist/src/sandbox/main.js --port 8080 …` (flags in usage.ts).
 * The only sandbox file that touches `process`: argv, signals, exit code.
 */
import { runSandbox } from './cli.js';
import { SANDBOX_HELP } from './usage.js';

// A reader that leaves after the {"url"} line (a benchmark) must not crash the sandbox.
process.stdout.on('error', () => {});

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(`${SANDBOX_HELP}\n`);
} else {
  try {
    const sandbox = await runSandbox(argv, { stdout: process.stdout, stderr: process.stderr });
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stderr.write(`Heap sandbox: ${signal}, closing\n`);
      // No process.exit(): the process ends by itself once the server and its sockets are closed.
      void sandbox.close();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
