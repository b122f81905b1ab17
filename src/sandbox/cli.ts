/**
 * `destination-heap sandbox …` and `node dist/src/sandbox/main.js …`: starts a sandbox from
 * command-line flags (listed in usage.ts). Writes exactly one line of JSON, `{"url": "…"}`, to
 * stdout once listening (benchmarks and demos read it), and human text to stderr. Signals belong
 * to the caller. A bad flag or a port that cannot be used is a ConfigError whose message is one
 * line for a person (`SANDBOX_USAGE`, `SANDBOX_START`, `SANDBOX_FAULTS`).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isLoopbackHost } from '../config/loopback.js';
import { nearestOption } from '../config/nearest-name.js';
import { ConfigError } from '../errors.js';
import { type FaultPlan, parseFaultPlan } from './faults.js';
import { SANDBOX_DEFAULTS } from './limits.js';
import { type Sandbox, type SandboxOptions, startSandbox } from './server.js';

export interface SandboxIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function runSandbox(argv: string[], io: SandboxIo): Promise<Sandbox> {
  const options = await parseSandboxArgs(argv);
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    throw new ConfigError('SANDBOX_START', describeStartFailure(error, options), { cause: error });
  }
  io.stdout.write(`${JSON.stringify({ url: sandbox.url })}\n`);
  io.stderr.write(`${describe(sandbox.url, options)}\n`);
  if (!isLoopbackHost(options.host ?? SANDBOX_DEFAULTS.host)) {
    io.stderr.write(`warning: listening on ${options.host}: other machines can reach this sandbox\n`);
  }
  return sandbox;
}

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  faults: { type: 'string' },
  'no-store-events': { type: 'boolean' },
  'api-key': { type: 'string', multiple: true },
  'window-ms': { type: 'string' },
  'events-per-app': { type: 'string' },
  'events-per-identity': { type: 'string' },
  'token-ttl-seconds': { type: 'string' },
} as const;

export async function parseSandboxArgs(argv: string[]): Promise<SandboxOptions> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: FLAGS }));
  } catch (error) {
    throw usageError(explainFlagError(error));
  }
  const rateLimits: NonNullable<SandboxOptions['rateLimits']> = {};
  if (values['window-ms'] !== undefined) rateLimits.windowMs = integer('--window-ms', values['window-ms']);
  if (values['events-per-app'] !== undefined) {
    rateLimits.eventsPerAppPerWindow = integer('--events-per-app', values['events-per-app']);
  }
  if (values['events-per-identity'] !== undefined) {
    rateLimits.eventsPerIdentityPerWindow = integer('--events-per-identity', values['events-per-identity']);
  }
  const options: SandboxOptions = { storeEvents: values['no-store-events'] !== true, rateLimits };
  if (values.host !== undefined) options.host = values.host;
  if (values.port !== undefined) options.port = integer('--port', values.port);
  if (values['api-key'] !== undefined) options.apiKeys = apiKeys(values['api-key']);
  if (values['token-ttl-seconds'] !== undefined) {
    options.tokenTtlSeconds = integer('--token-ttl-seconds', values['token-ttl-seconds']);
  }
  if (values.faults !== undefined) options.faults = await readFaultPlan(values.faults);
  return options;
}

function integer(flag: string, raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw usageError(`${flag} must be a non-negative integer, e.g. ${flag} ${flag === '--port' ? '8080' : '1000'}`);
  return Number(raw);
}

function apiKeys(pairs: string[]): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const appId = pair.slice(0, eq);
    // The message never repeats the pair: it holds a key.
    if (eq < 1 || !/^\d+$/.test(appId) || eq === pair.length - 1) {
      throw usageError('--api-key must be APP_ID=API_KEY, with APP_ID a string of digits');
    }
    keys[appId] = pair.slice(eq + 1);
  }
  return keys;
}

async function readFaultPlan(file: string): Promise<FaultPlan> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError('SANDBOX_FAULTS', `--faults ${file}: cannot read a JSON fault plan: ${detail}`, { cause: error });
  }
  const plan = parseFaultPlan(json);
  if (!plan.ok) throw new ConfigError('SANDBOX_FAULTS', `--faults ${file}: ${plan.message}`);
  return plan.plan;
}

function usageError(problem: string): ConfigError {
  return new ConfigError('SANDBOX_USAGE', `${problem} (see destination-heap sandbox --help)`);
}

/** node's parseArgs message in our words, with the flag meant when a known one is close. */
function explainFlagError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /^Unknown option '(-{1,2}[^'=]+)/.exec(message)?.[1] ?? '';
    const near = nearestOption(given.replace(/^-+/, ''), Object.keys(FLAGS));
    return `unknown option ${given}${near === undefined ? '' : `; did you mean --${near}?`}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const given = /'([^']*)'/.exec(message)?.[1] ?? '';
    // Only a number is echoed: a stray word may be a key meant for --api-key.
    return /^\d+$/.test(given) ? `unexpected argument "${given}"; did you mean --port ${given}?` : 'unexpected argument: every value follows its flag, e.g. --port 8080';
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /'(--[a-z-]+)/.exec(message)?.[1];
    return flag === undefined ? message : `${flag} needs a value`;
  }
  return message;
}

/** Why the server could not listen, for a person: the usual causes have a usual fix. */
function describeStartFailure(error: unknown, options: SandboxOptions): string {
  const code = (error as { code?: unknown } | null)?.code;
  const host = options.host ?? SANDBOX_DEFAULTS.host;
  const port = options.port ?? 0;
  if (code === 'EADDRINUSE') {
    return `port ${port} on ${host} is in use (another sandbox still running?): stop what listens there, or pick another --port (--port 0 picks a free one)`;
  }
  if (code === 'EACCES') return `not allowed to listen on port ${port}: pick a port above 1023`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `cannot listen on --host ${host}: no such interface on this machine (the default is 127.0.0.1)`;
  }
  return `the Heap sandbox could not start: ${error instanceof Error ? error.message : String(error)}`;
}

function describe(url: string, options: SandboxOptions): string {
  const limits = options.rateLimits ?? {};
  const perApp = limits.eventsPerAppPerWindow ?? SANDBOX_DEFAULTS.eventsPerAppPerWindow;
  const perIdentity = limits.eventsPerIdentityPerWindow ?? SANDBOX_DEFAULTS.eventsPerIdentityPerWindow;
  const apps = Object.keys(options.apiKeys ?? {});
  return [
    `Heap sandbox listening on ${url}`,
    `  track limits: ${perApp || 'unlimited'} events per app, ${perIdentity || 'unlimited'} per identity, per ${limits.windowMs ?? SANDBOX_DEFAULTS.windowMs} ms`,
    `  events: ${options.storeEvents === false ? 'counted, not stored' : 'stored'}; admin: ${url}/_sandbox/summary`,
    `  auth_token accepts: ${apps.length === 0 ? 'no app_id (pass --api-key APP_ID=KEY)' : `app_id ${apps.join(', ')}`}`,
    `  faults: ${options.faults === undefined ? 'none' : `${options.faults.rules?.length ?? 0} rule(s)`}`,
  ].join('\n');
}
