/**
 * `sandbox`: runs the bundled Heap stand-in until SIGINT / SIGTERM. A command for people at a
 * shell: a bad flag or a port in use is one line on stderr and exit 2, never a TRACE.
 */
import { once } from 'node:events';
import { runSandbox } from '../sandbox/cli.js';
import { SANDBOX_HELP } from '../sandbox/usage.js';
import { ConfigError } from '../errors.js';
import { USAGE_ERROR, type CliOptions } from '../cli/run-cli.js';
import type { CommandContext } from './context.js';

export async function sandboxCommand(_options: CliOptions, context: CommandContext, argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    context.stdout.write(`${SANDBOX_HELP}\n`);
    return 0;
  }
  let sandbox;
  try {
    sandbox = await runSandbox(argv, { stdout: context.stdout, stderr: context.stderr });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    context.stderr.write(`destination-heap sandbox: ${error.message.replace(/\s*\n\s*/g, '; ')}\n`);
    return USAGE_ERROR;
  }
  if (!context.shutdown.aborted) await once(context.shutdown, 'abort');
  context.stderr.write('Heap sandbox: closing\n');
  await sandbox.close();
  return 0;
}
