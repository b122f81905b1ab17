/** `sandbox`: runs the bundled Heap stand-in until SIGINT / SIGTERM. */
import { once } from 'node:events';
import { runSandbox } from '../sandbox/cli.js';
import type { CliOptions } from '../cli/run-cli.js';
import type { CommandContext } from './context.js';

export async function sandboxCommand(_options: CliOptions, context: CommandContext, argv: string[]): Promise<number> {
  const sandbox = await runSandbox(argv, { stdout: context.stdout, stderr: context.stderr });
  if (!context.shutdown.aborted) await once(context.shutdown, 'abort');
  context.stderr.write('Heap sandbox: closing\n');
  await sandbox.close();
  return 0;
}
