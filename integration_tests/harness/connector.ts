/**
 * Spawns the command under test and reads its stdout as the protocol demands: one JSON
 * AirbyteMessage per line, each valid against the protocol's model of its type
 * (src/protocol/models/). A stdout line that is not such a message fails the run (unless
 * `rawStdout` is set, for `--help` and `--version`).
 *
 * `startConnector` keeps stdin open for streaming tests (send, wait for states, signal);
 * `runConnector` writes all input, closes stdin and waits for the exit.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { formatPath } from '../../src/config/issues.js';
import { PrintedMessage } from '../../src/protocol/models/printed-message.js';
import { commandUnderTest, REPO_ROOT } from './paths.js';
import type {
  AirbyteMessage,
  ConnectionStatusPayload,
  JsonObject,
  LogPayload,
  StatePayload,
  TracePayload,
} from './protocol.js';

export interface ConnectorResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** What a shell reports: the exit code, or 128 + the signal number when killed by a signal. */
  status: number;
  messages: AirbyteMessage[];
  /** The `state` payloads of the STATE messages, in output order. */
  states: StatePayload[];
  traces: TracePayload[];
  /** The `error` of every TRACE of type ERROR. */
  errors: NonNullable<TracePayload['error']>[];
  logs: LogPayload[];
  connectionStatuses: ConnectionStatusPayload[];
  /** The one CONNECTION_STATUS, if exactly one was printed. */
  connectionStatus: ConnectionStatusPayload | undefined;
  specs: JsonObject[];
  stdoutRaw: string;
  stderr: string;
}

export interface StartOptions {
  /** Extra environment for the child (on top of this process's environment). */
  env?: Record<string, string>;
  /** Accept stdout lines that are not AirbyteMessages (`--help`, `--version`). */
  rawStdout?: boolean;
  /** Called synchronously for each parsed stdout message, in order, as it arrives. */
  onMessage?: (message: AirbyteMessage) => void;
  /** The child is killed and the run fails when it has not exited by then. Default 50 s. */
  timeoutMs?: number;
}

/** Input lines: objects become JSON lines, strings are written as raw lines. */
export type InputLines = Iterable<unknown> | AsyncIterable<string | Buffer>;

const running = new Set<ConnectorProcess>();

/** Kills every child still running (the suite never leaves one behind a finished test). */
export function killAllConnectors(): void {
  for (const child of running) child.kill('SIGKILL');
}
process.once('exit', killAllConnectors);

export class ConnectorProcess {
  readonly messages: AirbyteMessage[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private stdoutRaw = '';
  private pending = '';
  private stderr = '';
  private readonly violations: string[] = [];
  private stdinOpen = true;
  private exited = false;
  private readonly waiters = new Set<() => void>();
  readonly done: Promise<ConnectorResult>;

  constructor(
    commandArgs: string[],
    private readonly options: StartOptions = {},
  ) {
    const { program, args } = commandUnderTest();
    this.child = spawn(program, [...args, ...commandArgs], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.add(this);
    this.child.stdin.on('error', () => {
      // EPIPE: the child stopped reading (for example it failed before reading stdin).
      this.stdinOpen = false;
    });
    this.child.stdin.on('close', () => {
      this.stdinOpen = false;
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });

    const timeoutMs = options.timeoutMs ?? 50_000;
    this.done = new Promise<ConnectorResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.violations.push(`the connector did not exit within ${timeoutMs} ms and was killed`);
        this.child.kill('SIGKILL');
      }, timeoutMs);
      this.child.on('error', (error) => {
        clearTimeout(timer);
        running.delete(this);
        reject(new Error(`cannot start ${program}: ${error.message}`));
      });
      this.child.on('close', (exitCode, signal) => {
        clearTimeout(timer);
        running.delete(this);
        if (this.pending !== '') this.onLine(this.pending);
        this.pending = '';
        this.exited = true;
        this.notify();
        if (this.violations.length > 0) {
          reject(new Error(`${this.violations.join('\n')}\n--- stderr (tail) ---\n${this.stderr.slice(-2000)}`));
          return;
        }
        resolve(this.result(exitCode, signal));
      });
    });
    // The test awaits `done` (or one of the waits); keep an early failure from being unhandled.
    this.done.catch(() => undefined);
  }

  get stdinIsOpen(): boolean {
    return this.stdinOpen;
  }

  get hasExited(): boolean {
    return this.exited;
  }

  get states(): StatePayload[] {
    return this.messages.filter((m) => m.type === 'STATE').map((m) => m.state as StatePayload);
  }

  /** Writes messages as JSON lines (strings are written as raw lines), honouring backpressure. */
  async send(...lines: unknown[]): Promise<void> {
    await this.writeLines(lines);
  }

  async writeLines(lines: InputLines): Promise<void> {
    let buffer = '';
    const flush = async () => {
      if (buffer !== '') await this.write(buffer);
      buffer = '';
    };
    if (Symbol.asyncIterator in lines) {
      for await (const chunk of lines) await this.write(chunk);
      return;
    }
    for (const line of lines) {
      buffer += `${typeof line === 'string' ? line : JSON.stringify(line)}\n`;
      if (buffer.length >= 64 * 1024) await flush();
    }
    await flush();
  }

  /** Writes raw bytes; resolves once the child took them (or stdin closed). */
  async write(chunk: string | Buffer): Promise<void> {
    const stdin = this.child.stdin;
    if (!this.stdinOpen || stdin.destroyed || stdin.writableEnded) return;
    if (stdin.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const settle = () => {
        stdin.off('drain', settle);
        stdin.off('close', settle);
        stdin.off('error', settle);
        resolve();
      };
      stdin.on('drain', settle);
      stdin.on('close', settle);
      stdin.on('error', settle);
    });
  }

  /** Closes stdin (end of input). */
  end(): void {
    if (!this.child.stdin.writableEnded) this.child.stdin.end();
  }

  /** Stops reading the child's stdout for `ms` (a slow reader: the child's writes back up). */
  pauseStdout(ms: number): void {
    this.child.stdout.pause();
    setTimeout(() => this.child.stdout.resume(), ms);
  }

  /** Stops reading the child's stdout until `resumeStdout()`: a stalled reader. */
  stallStdout(): void {
    this.child.stdout.pause();
  }

  resumeStdout(): void {
    this.child.stdout.resume();
  }

  /** Closes the reading end of the child's stdout: a reader that left, as `| head -c 100` does. */
  closeStdout(): void {
    this.child.stdout.destroy();
  }

  /** Everything printed on stdout so far. */
  get rawOutput(): string {
    return this.stdoutRaw;
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.exited) this.child.kill(signal);
  }

  /** Resolves when `predicate` holds (checked on every message and at exit); rejects on timeout or exit. */
  waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (predicate()) {
        resolve();
        return;
      }
      const check = () => {
        if (predicate()) {
          finish();
          resolve();
        } else if (this.exited) {
          finish();
          reject(new Error(`the connector exited before ${what}; stdout:\n${this.stdoutRaw.slice(-3000)}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stdout:\n${this.stdoutRaw.slice(-3000)}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  waitForStates(count: number, timeoutMs = 10_000): Promise<void> {
    return this.waitFor(() => this.states.length >= count, `${count} STATE message(s)`, timeoutMs);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private onStdout(chunk: string): void {
    this.stdoutRaw += chunk;
    this.pending += chunk;
    let newline = this.pending.indexOf('\n');
    while (newline !== -1) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      this.onLine(line);
      newline = this.pending.indexOf('\n');
    }
    // Raw-output waiters (rawOutput predicates) are checked on every chunk too.
    if (this.options.rawStdout) this.notify();
  }

  private onLine(rawLine: string): void {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (this.options.rawStdout) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.violations.push(`stdout line is not JSON (stdout carries AirbyteMessages only): ${line.slice(0, 300)}`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as JsonObject).type !== 'string') {
      this.violations.push(`stdout line is not an AirbyteMessage: ${line.slice(0, 300)}`);
      return;
    }
    const valid = PrintedMessage.safeParse(parsed);
    if (!valid.success) {
      const issues = valid.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ');
      this.violations.push(`stdout line breaks the Airbyte protocol (${issues}): ${line.slice(0, 300)}`);
    }
    const message = parsed as AirbyteMessage;
    this.messages.push(message);
    if (this.options.onMessage) {
      try {
        this.options.onMessage(message);
      } catch (error) {
        this.violations.push(`onMessage check failed: ${(error as Error).message}`);
      }
    }
    this.notify();
  }

  private result(exitCode: number | null, signal: NodeJS.Signals | null): ConnectorResult {
    const messages = this.messages;
    const payloads = <T>(type: string, key: string) => messages.filter((m) => m.type === type).map((m) => m[key] as T);
    const traces = payloads<TracePayload>('TRACE', 'trace');
    const connectionStatuses = payloads<ConnectionStatusPayload>('CONNECTION_STATUS', 'connectionStatus');
    const signalNumber = signal ? (osConstants.signals[signal] ?? 0) : 0;
    return {
      exitCode,
      signal,
      status: exitCode ?? 128 + signalNumber,
      messages,
      states: payloads<StatePayload>('STATE', 'state'),
      traces,
      errors: traces.filter((t) => t?.type === 'ERROR' && t.error).map((t) => t.error!),
      logs: payloads<LogPayload>('LOG', 'log'),
      connectionStatuses,
      connectionStatus: connectionStatuses.length === 1 ? connectionStatuses[0] : undefined,
      specs: payloads<JsonObject>('SPEC', 'spec'),
      stdoutRaw: this.stdoutRaw,
      stderr: this.stderr,
    };
  }
}

export function startConnector(args: string[], options: StartOptions = {}): ConnectorProcess {
  return new ConnectorProcess(args, options);
}

/** Runs a command to completion: writes `input`, closes stdin, waits for the exit. */
export async function runConnector(
  args: string[],
  options: StartOptions & { input?: InputLines } = {},
): Promise<ConnectorResult> {
  const child = startConnector(args, options);
  const writing = child.writeLines(options.input ?? []).then(() => child.end());
  const [result] = await Promise.all([child.done, writing]);
  return result;
}
