/**
 * `destination-heap sandbox …` and `node dist/src/sandbox/main.js …`: starts a sandbox from
 * command-line flags. Writes exactly one line of JSON, `{"url": "…"}`, to stdout once listening
 * (benchmarks and demos read it), and human text to stderr. Signals belong to the caller.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isLoopbackHost } from '../config/loopback.js';
import { ConfigError } from '../errors.js';
import { type FaultPlan, parseFaultPlan } from './faults.js';
import { SANDBOX_DEFAULTS } from './limits.js';
import { type Sandbox, type SandboxOptions, startSandbox } from './server.js';

export const SANDBOX_USAGE = `usage: sandbox [--port N] [--host HOST] [--faults plan.json] [--no-store-events]
               [--api-key APP_ID=API_KEY ...] [--window-ms N] [--events-per-app N] [--events-per-identity N]
  --port N                 port to listen on (default 0: any free port; the URL is printed)
  --host HOST              interface (default 127.0.0.1)
  --faults FILE            a JSON fault plan (rules, latencyMs, poisonIdentities, seed)
  --no-store-events        count and deduplicate events without keeping them (large benchmarks)
  --api-key APP_ID=KEY     a pair /api/public/v0/auth_token accepts; repeat for more apps
  --window-ms N            rate-limit window in ms (default 60000)
  --events-per-app N       track events per window per app_id (default 15000; 0 = unlimited)
  --events-per-identity N  track events per window per identity (default 1000; 0 = unlimited)`;

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
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError('SANDBOX_START', `The Heap sandbox could not start: ${detail}`, { cause: error });
  }
  io.stdout.write(`${JSON.stringify({ url: sandbox.url })}\n`);
  io.stderr.write(`${describe(sandbox.url, options)}\n`);
  if (!isLoopbackHost(options.host ?? SANDBOX_DEFAULTS.host)) {
    io.stderr.write(`warning: listening on ${options.host}: other machines can reach this sandbox\n`);
  }
  return sandbox;
}

export async function parseSandboxArgs(argv: string[]): Promise<SandboxOptions> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        faults: { type: 'string' },
        'no-store-events': { type: 'boolean' },
        'api-key': { type: 'string', multiple: true },
        'window-ms': { type: 'string' },
        'events-per-app': { type: 'string' },
        'events-per-identity': { type: 'string' },
      },
    }));
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
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
  if (values.faults !== undefined) options.faults = await readFaultPlan(values.faults);
  return options;
}

function integer(flag: string, raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw usageError(`${flag} must be a non-negative integer`);
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
  return new ConfigError('SANDBOX_USAGE', `${problem}\n${SANDBOX_USAGE}`);
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
