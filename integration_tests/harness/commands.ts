/**
 * The connector's commands as the host runs them: config and catalog written to files in a
 * fresh directory, passed as absolute paths.
 */
import { join } from 'node:path';
import { runConnector, startConnector, type ConnectorProcess, type ConnectorResult, type InputLines, type StartOptions } from './connector.js';
import { freshDir, writeFile } from './paths.js';

/**
 * A config file's content: a JSON value, `{ raw }` for literal text (not JSON), or
 * `{ missing: true }` for a path where no file exists.
 */
export type ConfigFile = unknown | { raw: string } | { missing: true };

function configPath(dir: string, config: ConfigFile): string {
  if (typeof config === 'object' && config !== null && 'missing' in config) return join(dir, 'no-such-config.json');
  if (typeof config === 'object' && config !== null && 'raw' in config) return writeFile(dir, 'config.json', String(config.raw));
  return writeFile(dir, 'config.json', config);
}

export function runSpec(options: StartOptions = {}): Promise<ConnectorResult> {
  return runConnector(['spec'], options);
}

export async function runCheck(config: ConfigFile, options: StartOptions = {}): Promise<ConnectorResult> {
  const files = freshDir();
  try {
    return await runConnector(['check', '--config', configPath(files.dir, config)], options);
  } finally {
    files.remove();
  }
}

export async function runDiscover(config: ConfigFile, options: StartOptions = {}): Promise<ConnectorResult> {
  const files = freshDir();
  try {
    return await runConnector(['discover', '--config', configPath(files.dir, config)], options);
  } finally {
    files.remove();
  }
}

export interface WriteFiles {
  config: ConfigFile;
  catalog: unknown;
}

/** Runs `write` to completion over `input`. */
export async function runWrite(
  files: WriteFiles & { input?: InputLines },
  options: StartOptions = {},
): Promise<ConnectorResult> {
  const dir = freshDir();
  try {
    const args = ['write', '--config', configPath(dir.dir, files.config), '--catalog', writeFile(dir.dir, 'catalog.json', files.catalog)];
    return await runConnector(args, { ...options, input: files.input ?? [] });
  } finally {
    dir.remove();
  }
}

/** Starts `write` with stdin open; the caller sends input, ends stdin or signals, and awaits `done`. */
export function startWrite(files: WriteFiles, options: StartOptions = {}): ConnectorProcess {
  const dir = freshDir();
  const args = ['write', '--config', configPath(dir.dir, files.config), '--catalog', writeFile(dir.dir, 'catalog.json', files.catalog)];
  const child = startConnector(args, options);
  void child.done.finally(dir.remove).catch(() => undefined);
  return child;
}
