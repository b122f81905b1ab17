/**
 * The commands for people at a shell: `preview` and `send`. Neither prints AirbyteMessages, so
 * they run with `rawStdout`: preview's stdout is its own JSON lines (parsed here, strictly: a line
 * that is not a JSON object fails the test), send's stdout must stay empty.
 *
 * Config and catalog go to files in a fresh directory, as for `write` (`commands.ts`).
 */
import { runConnector, startConnector, type ConnectorProcess, type ConnectorResult, type InputLines, type StartOptions } from './connector.js';
import { freshDir, writeFile } from './paths.js';
import type { JsonObject } from './protocol.js';

export interface ShellRun {
  /** Written to a file passed as `--config`; omitted when undefined. */
  config?: unknown;
  /** Written to a file passed as `--catalog`; omitted when undefined. */
  catalog?: unknown;
  /** Further arguments, e.g. `['--stream', 'users']` or `['--limit', '2']`. */
  args?: string[];
}

function argsFor(command: 'preview' | 'send', run: ShellRun, dir: string): string[] {
  const args: string[] = [command];
  if (run.config !== undefined) args.push('--config', writeFile(dir, 'config.json', run.config));
  if (run.catalog !== undefined) args.push('--catalog', writeFile(dir, 'catalog.json', run.catalog));
  return [...args, ...(run.args ?? [])];
}

async function runShell(command: 'preview' | 'send', run: ShellRun & { input?: InputLines }, options: StartOptions): Promise<ConnectorResult> {
  const files = freshDir();
  try {
    return await runConnector(argsFor(command, run, files.dir), { ...options, rawStdout: true, input: run.input ?? [] });
  } finally {
    files.remove();
  }
}

/** Starts a command with stdin open; the caller sends input, ends stdin or signals, and awaits `done`. */
export function startShell(command: 'preview' | 'send', run: ShellRun, options: StartOptions = {}): ConnectorProcess {
  const files = freshDir();
  const child = startConnector(argsFor(command, run, files.dir), { ...options, rawStdout: true });
  void child.done.finally(files.remove).catch(() => undefined);
  return child;
}

/** Runs `send` to completion over `input`. */
export function runSend(run: ShellRun & { input?: InputLines }, options: StartOptions = {}): Promise<ConnectorResult> {
  return runShell('send', run, options);
}

export interface PreviewSummary {
  records: number;
  mapped: number;
  rejected: number;
  invalid: number;
}

/** A record preview maps: the Heap endpoint path and the item exactly as write would send it. */
export interface PreviewMapped {
  line: number;
  stream: string;
  endpoint: string;
  item: JsonObject;
}

export interface PreviewRejected {
  line: number;
  stream: string;
  rejected: string;
}

export interface PreviewInvalid {
  line: number;
  invalid: string;
}

export interface PreviewOutput {
  /** Every stdout line, parsed, in order. */
  lines: JsonObject[];
  /** The mapped and rejected records, in output order. */
  records: (PreviewMapped | PreviewRejected)[];
  mapped: PreviewMapped[];
  rejected: PreviewRejected[];
  invalid: PreviewInvalid[];
  /** The `summary` of the last line, when the last line is a summary. */
  summary: PreviewSummary | undefined;
}

/** Parses preview's stdout; throws (failing the test) on a line that is not a JSON object. */
export function parsePreview(stdout: string): PreviewOutput {
  const lines = stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`preview stdout line ${index + 1} is not a JSON object: ${line.slice(0, 300)}`);
      }
      return parsed as JsonObject;
    });
  const last = lines.at(-1);
  return {
    lines,
    records: lines.filter((l) => 'item' in l || 'rejected' in l) as unknown as (PreviewMapped | PreviewRejected)[],
    mapped: lines.filter((l) => 'item' in l) as unknown as PreviewMapped[],
    rejected: lines.filter((l) => 'rejected' in l) as unknown as PreviewRejected[],
    invalid: lines.filter((l) => 'invalid' in l) as unknown as PreviewInvalid[],
    summary: last !== undefined && 'summary' in last ? (last.summary as PreviewSummary) : undefined,
  };
}

/** Runs `preview` to completion over `input`; `preview` is its parsed stdout. */
export async function runPreview(
  run: ShellRun & { input?: InputLines },
  options: StartOptions = {},
): Promise<ConnectorResult & { preview: PreviewOutput }> {
  const result = await runShell('preview', run, options);
  return { ...result, preview: parsePreview(result.stdoutRaw) };
}

