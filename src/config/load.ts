/**
 * Reads and validates a config file. Every failure is a ConfigError whose message names the file
 * or the field path and says what is wrong; the api_key value is never part of any message.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { Config } from './schema.js';
import { REGION_URLS } from './defaults.js';

export type LoadedConfig = Config & { readonly heapUrl: string };

export async function loadConfig(path: string): Promise<LoadedConfig> {
  const raw = await readJsonFile(path, 'config');
  return parseConfig(raw);
}

export function parseConfig(raw: unknown): LoadedConfig {
  // reportInput lets describeIssues tell a missing field from one of the wrong type (zod 4 leaves
  // `input` out of issues otherwise); messages never include the input.
  const result = Config.safeParse(raw, { reportInput: true });
  if (!result.success) {
    const problems = describeIssues(result.error.issues);
    throw new ConfigError('CONFIG_INVALID', `The config is not valid: ${problems.join('; ')}.`);
  }
  const config = result.data;
  const heapUrl = (config.base_url ?? REGION_URLS[config.region]).replace(/\/+$/, '');
  return { ...config, heapUrl };
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
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${what.toUpperCase()}_NOT_JSON`, `The ${what} file ${path} is not valid JSON${jsonErrorPosition(error)}.`, {
      cause: error,
    });
  }
}

/**
 * Where JSON.parse gave up, as " at position N", or nothing. V8's own message is not used: it may
 * quote a slice of the text around the error, and in a config file that slice can be the api_key.
 */
function jsonErrorPosition(error: unknown): string {
  const position = /\bposition (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  return position === undefined ? '' : ` at position ${position}`;
}

/** Turns zod issues into "path: problem" phrases, e.g. `mappings[0].identity_field: is required`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling against the spec)`;
  }
  return issue.message;
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}
