/**
 * Command dispatch: parses argv and runs one command. Everything `process`-related stays in
 * main.ts; this returns the exit code.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandContext } from '../commands/context.js';
import { nearestName } from '../config/nearest-name.js';
import { nearestOption } from '../config/nearest-name.js';
import { COMMAND_HELP } from './help.js';
import { VERSION } from './version.js';

/** Exit code for a command line that cannot be understood (shell convention). */
export const USAGE_ERROR = 2;

const OPTIONS = {
  config: { type: 'string' },
  catalog: { type: 'string' },
  stream: { type: 'string' },
  namespace: { type: 'string' },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsConfig['options'];

/** The options each command takes (besides --help and --version); any other is a usage error. */
const COMMAND_OPTIONS: Record<string, readonly (keyof typeof OPTIONS)[]> = {
  spec: [],
  check: ['config'],
  discover: ['config'],
  write: ['config', 'catalog'],
  preview: ['config', 'catalog', 'stream', 'namespace', 'limit'],
  send: ['config', 'stream', 'namespace'],
};

export type CliOptions = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

export type CommandRunner = (options: CliOptions, context: CommandContext, argv: string[]) => Promise<number> | number;

/**
 * Each command's module is loaded only when that command runs: `spec` should not pay for loading
 * the HTTP client and the whole pipeline (start-up time is what a host waits for).
 */
const COMMANDS: Record<string, () => Promise<CommandRunner>> = {
  spec: async () => (await import('../commands/spec.js')).specCommand,
  check: async () => (await import('../commands/check.js')).checkCommand,
  discover: async () => (await import('../commands/discover.js')).discoverCommand,
  write: async () => (await import('../commands/write.js')).writeCommand,
  preview: async () => (await import('../commands/preview.js')).previewCommand,
  send: async () => (await import('../commands/send.js')).sendCommand,
  sandbox: async () => (await import('../commands/sandbox.js')).sandboxCommand,
};

export async function runCli(argv: string[], context: CommandContext): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    context.stdout.write(`${COMMAND_HELP.main}\n`);
    return command === undefined ? USAGE_ERROR : 0;
  }
  if (command === '--version' || command === '-v') {
    context.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const load = COMMANDS[command];
  if (load === undefined) {
    const meant = nearestName(command, Object.keys(COMMANDS));
    return usageError(`unknown command "${command}"${meant === undefined ? '' : `; did you mean "${meant}"?`}`, 'main', context);
  }
  // The sandbox has flags (and help) of its own; it parses them itself.
  if (command === 'sandbox') return (await load())({}, context, rest);

  let options: CliOptions;
  try {
    options = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: false }).values as CliOptions;
  } catch (error) {
    return usageError(explainArgsError(error), command, context);
  }
  if (options.help) {
    context.stdout.write(`${COMMAND_HELP[command] ?? COMMAND_HELP.main}\n`);
    return 0;
  }
  const allowed = COMMAND_OPTIONS[command] ?? [];
  const stray = (Object.keys(options) as (keyof typeof OPTIONS)[]).find((name) => name !== 'version' && !allowed.includes(name));
  if (stray !== undefined) return usageError(`option --${stray} does not apply to ${command}`, command, context);
  if (options.version) {
    context.stdout.write(`${VERSION}\n`);
    return 0;
  }
  return (await load())(options, context, rest);
}

/** node's parseArgs message, with what to type instead where that is clear. */
export function explainArgsError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /^Unknown option '-{1,2}([^'=]+)/.exec(message)?.[1];
    const near = given === undefined ? undefined : nearestOption(given, Object.keys(OPTIONS));
    return near === undefined ? message : `${message}; did you mean --${near}?`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `${message}; pass files as --config FILE / --catalog FILE`;
  return message;
}

function usageError(problem: string, command: string, context: CommandContext): number {
  context.stderr.write(`destination-heap: ${problem}\n\n${COMMAND_HELP[command] ?? COMMAND_HELP.main}\n`);
  return USAGE_ERROR;
}
