/**
 * Runs one child process and measures it: wall time (from spawn to exit, as seen by the parent),
 * peak resident memory and CPU time.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`: the kernel's ru_maxrss, exact) when it is
 * installed; otherwise `/proc/<pid>/status` VmHWM is polled every `pollMs` (the high-water mark
 * is monotonic, so a poll only misses a peak reached in the child's last few milliseconds).
 * stdin is a pipe fed by `cat` (as under an Airbyte host, which pipes the source's output in):
 * the parent copies no input bytes and stays off the CPU the child is measured on. `stdin: 'file'`
 * hands the child the file itself instead; node then reads it with fs.read on its thread pool,
 * which changes both the CPU profile and, through GC timing, the peak RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

const GNU_TIME = '/usr/bin/time';

export type StdinMode = 'pipe' | 'file';

export interface RunSpec {
  /** Node script and its arguments (run with this process's node binary). */
  script: string;
  args?: readonly string[];
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeFlags?: readonly string[];
  /** File whose contents become the child's stdin; none = empty stdin. */
  stdinFile?: string;
  /** How stdinFile reaches the child: through a pipe (default) or as the open file. */
  stdinMode?: StdinMode;
  env?: Readonly<Record<string, string>>;
  /** CPUs the program may run on (`taskset -c` list, e.g. "0"); undefined = all. */
  cpus?: string;
  /** Called with each stdout line (the child's protocol output). */
  onStdoutLine?: (line: string) => void;
  /** Poll interval for VmHWM when GNU time is not available (ms). */
  pollMs?: number;
}

export interface Measurement {
  wallMs: number;
  /** Peak resident set size in bytes; undefined when it could not be read. */
  peakRssBytes: number | undefined;
  /** User + system CPU time (ms); undefined without GNU time. */
  cpuMs: number | undefined;
  rssSource: 'gnu-time' | 'proc-vmhwm';
  exitCode: number | null;
  /** The last few KiB of stderr, for error reports. */
  stderrTail: string;
}

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

export async function runMeasured(spec: RunSpec): Promise<Measurement> {
  const useTime = hasGnuTime();
  const timeFile = join(tmpdir(), `bench-time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const nodeCommand = [...(spec.cpus === undefined ? [] : ['taskset', '-c', spec.cpus]), process.execPath];
  const nodeArgs = [...(spec.nodeFlags ?? []), spec.script, ...(spec.args ?? [])];
  const [command, args] = useTime
    ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, ...nodeCommand, ...nodeArgs]]
    : [nodeCommand[0]!, [...nodeCommand.slice(1), ...nodeArgs]];
  const started = process.hrtime.bigint();
  const { stdin, feeder, close } = openStdin(spec.stdinFile, spec.stdinMode ?? 'pipe');
  const child = spawn(command, args, {
    stdio: [stdin, 'pipe', 'pipe'],
    env: { ...process.env, ...spec.env },
  });
  close();

  // Both are pipes (stdio above); the types cannot tell from a computed stdio array.
  const stdout = child.stdout!;
  const stderr = child.stderr!;
  let stderrTail = '';
  stderr.setEncoding('utf8');
  stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4096);
  });
  const lines = createInterface({ input: stdout, crlfDelay: Infinity });
  const linesDone = new Promise<void>((resolve) => lines.on('close', resolve));
  lines.on('line', (line) => spec.onStdoutLine?.(line));

  let polledPeakKiB = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        polledPeakKiB = Math.max(polledPeakKiB, readVmHwmKiB(child.pid) ?? 0);
      }, spec.pollMs ?? 20);

  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (poll !== undefined) clearInterval(poll);
  // A child that stops reading early (a failed run) leaves cat with a broken pipe: end it.
  if (feeder !== undefined && feeder.exitCode === null) feeder.kill();
  await linesDone;

  if (!useTime) {
    return {
      wallMs,
      peakRssBytes: polledPeakKiB > 0 ? polledPeakKiB * 1024 : undefined,
      cpuMs: undefined,
      rssSource: 'proc-vmhwm',
      exitCode,
      stderrTail,
    };
  }
  const timing = await readGnuTime(timeFile);
  rmSync(timeFile, { force: true });
  return { wallMs, peakRssBytes: timing?.peakRssBytes, cpuMs: timing?.cpuMs, rssSource: 'gnu-time', exitCode, stderrTail };
}

/**
 * The child's stdin: nothing, the open file, or the read end of a pipe that `cat` writes into.
 * `close` releases the parent's copies once the child has its own.
 */
function openStdin(
  file: string | undefined,
  mode: StdinMode,
): { stdin: 'ignore' | number | Readable; feeder: ChildProcess | undefined; close: () => void } {
  if (file === undefined) return { stdin: 'ignore', feeder: undefined, close: () => {} };
  if (mode === 'file') {
    const fd = openSync(file, 'r');
    return { stdin: fd, feeder: undefined, close: () => closeSync(fd) };
  }
  const feeder = spawn('cat', [file], { stdio: ['ignore', 'pipe', 'inherit'] });
  // cat gets EPIPE if the child leaves early; that is the child's failure to report, not cat's.
  feeder.on('error', () => {});
  return { stdin: feeder.stdout!, feeder, close: () => feeder.stdout!.destroy() };
}

function readVmHwmKiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined; // the process has already exited
  }
}

/** GNU time writes "Command exited with non-zero status N" before the figures on failure: take the last line. */
async function readGnuTime(file: string): Promise<{ peakRssBytes: number; cpuMs: number } | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const last = text.trim().split('\n').at(-1) ?? '';
  const [maxRssKiB, user, system] = last.split(' ').map(Number);
  if (maxRssKiB === undefined || user === undefined || system === undefined || [maxRssKiB, user, system].some(Number.isNaN)) {
    return undefined;
  }
  return { peakRssBytes: maxRssKiB * 1024, cpuMs: (user + system) * 1000 };
}
