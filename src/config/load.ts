/**
 * Reads and validates a config file. Every failure is a ConfigError whose message names the file
 * or the field path and says what is wrong; the api_key value is never part of any message.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import { Config } from './schema.js';
import { REGION_URLS } from './defaults.js';
import { describeConfigIssues, listProblems } from './issues.js';
import { describeJsonError } from './json-error.js';

export type LoadedConfig = Config & { readonly heapUrl: string };

export async function loadConfig(path: string): Promise<LoadedConfig> {
  const raw = await readJsonFile(path, 'config');
  return parseConfig(raw);
}

export function parseConfig(raw: unknown): LoadedConfig {
  if (looksLikeCatalog(raw)) {
    throw new ConfigError(
      'CONFIG_IS_A_CATALOG',
      'The config looks like a configured catalog (it has "streams" and no "app_id" or "mappings"): pass it as --catalog FILE, and the config (app_id, mappings) as --config FILE.',
    );
  }
  // reportInput lets the issues tell a missing field from one of the wrong type (zod 4 leaves
  // `input` out of issues otherwise); messages never include the input.
  const result = Config.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw new ConfigError('CONFIG_INVALID', `The config is not valid: ${listProblems(describeConfigIssues(result.error.issues))}`);
  }
  const config = result.data;
  return { ...config, heapUrl: printableHeapUrl(config.base_url ?? REGION_URLS[config.region]) };
}

/**
 * Heap's URL as requests use it and messages print it: scheme, host, port and path, without a
 * trailing slash. Built from those parts alone, so nothing else a URL can hold (user info, a query,
 * a fragment: refused by the schema) can ever reach a message.
 */
function printableHeapUrl(value: string): string {
  const url = new URL(value);
  return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '');
}

/** A configured catalog's shape, none of a config's required fields. */
function looksLikeCatalog(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  return Array.isArray((raw as { streams?: unknown }).streams) && !('app_id' in raw) && !('mappings' in raw);
}

/** Reads a JSON file for a named purpose ("config", "catalog"), failing with a ConfigError that says which. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new ConfigError(`${what.toUpperCase()}_UNREADABLE`, `The ${what} file ${path} ${reason}.`, {
      internalMessage: String(error),
      cause: error,
    });
  }
  // Editors on Windows may start a UTF-8 file with a byte order mark, which JSON.parse refuses.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // Neither V8's message nor any slice of the text goes into the message: it may hold the api_key.
    throw new ConfigError(`${what.toUpperCase()}_NOT_JSON`, `The ${what} file ${path} is not valid JSON${describeJsonError(text, error)}.`, {
      cause: error,
    });
  }
}
