/**
 * The bundled Heap sandbox as a separate process (`dist/src/sandbox/main.js`), so the connector
 * under measurement shares its process with nothing. One sandbox per measured run: counters,
 * rate windows and idempotency keys start empty.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FaultPlan } from '../src/sandbox/faults.js';
import type { ReceivedRequest, SandboxCounters } from '../src/sandbox/store.js';
import { distPath } from './paths.js';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on Linux, whatever the kernel's HZ). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Not the connector's app_id: warm-up traffic must not touch the measured app's rate windows. */
const WARM_UP_APP_ID = '42';

export interface SandboxSettings {
  /** Track events per window per app; 0 = unlimited. */
  eventsPerApp: number;
  /** Track events per window per identity; 0 = unlimited. */
  eventsPerIdentity: number;
  /** Rate window (ms); omitted = the sandbox's 60 000. */
  windowMs?: number;
  faults?: FaultPlan;
  /** Where the fault plan file is written. */
  workDir: string;
}

export interface SandboxSummary {
  counters: SandboxCounters;
}

export class SandboxProcess {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(settings: SandboxSettings): Promise<SandboxProcess> {
    const args = [
      distPath('src/sandbox/main.js'),
      '--port',
      '0',
      '--no-store-events',
      '--events-per-app',
      String(settings.eventsPerApp),
      '--events-per-identity',
      String(settings.eventsPerIdentity),
    ];
    if (settings.windowMs !== undefined) args.push('--window-ms', String(settings.windowMs));
    if (settings.faults !== undefined) {
      const file = join(settings.workDir, `faults-${Date.now()}.json`);
      writeFileSync(file, JSON.stringify(settings.faults));
      args.push('--faults', file);
    }
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    const lines = createInterface({ input: child.stdout!, crlfDelay: Infinity });
    const url = await new Promise<string>((resolve, reject) => {
      const failed = () => reject(new Error(`the sandbox did not start:\n${stderr}`));
      child.once('exit', failed);
      child.once('error', reject);
      lines.once('line', (line) => {
        child.off('exit', failed);
        try {
          resolve((JSON.parse(line) as { url: string }).url);
        } catch {
          reject(new Error(`the sandbox printed ${JSON.stringify(line)} instead of {"url":...}`));
        }
      });
    });
    const sandbox = new SandboxProcess(url, child);
    await sandbox.warmUp(settings.faults);
    return sandbox;
  }

  /**
   * A few requests for another app_id before the measured run, so the sandbox's code is compiled
   * (Heap's servers are warm): a cold sandbox takes ~1 s over its first requests, which would
   * show up as the connector's time. The reset afterwards clears the counters and the fault plan,
   * so the plan is set again.
   */
  private async warmUp(faults: FaultPlan | undefined): Promise<void> {
    const events = Array.from({ length: 1000 }, (_, i) => ({
      identity: `warm-up-${i % 100}`,
      event: 'Warm Up',
      idempotency_key: `warm-up-${i}`,
      properties: { n: i, text: 'warm up' },
    }));
    const body = JSON.stringify({ app_id: WARM_UP_APP_ID, events });
    for (let i = 0; i < 5; i++) {
      await this.post('/api/track', body);
    }
    await this.post('/_sandbox/reset', '{}');
    if (faults !== undefined) await this.post('/_sandbox/faults', JSON.stringify(faults));
  }

  private async post(path: string, body: string): Promise<void> {
    const response = await fetch(`${this.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status}`);
  }

  async summary(): Promise<SandboxSummary> {
    return (await this.get('/_sandbox/summary')) as SandboxSummary;
  }

  /** The last `limit` requests the sandbox logged (it keeps 10 000 with --no-store-events). */
  async requests(limit = 10_000): Promise<ReceivedRequest[]> {
    return (await this.get(`/_sandbox/requests?limit=${limit}`)) as ReceivedRequest[];
  }

  /**
   * CPU time (user + system, ms) the sandbox has used so far, from /proc/<pid>/stat; undefined
   * where /proc is missing. The sandbox shares the machine with the connector: on a small box its
   * CPU is part of what the connector's wall time waits for.
   */
  cpuMs(): number | undefined {
    try {
      const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const forced = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(forced);
  }

  private async get(path: string): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`);
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
    return response.json();
  }
}

/** Every 429 the sandbox answered: its own throttling and injected ones (byStatus counts both). */
export function count429(counters: SandboxCounters): number {
  return counters.byStatus['429'] ?? 0;
}
