/**
 * zod issues → "path: problem" phrases for a person, e.g. `mappings[0].identity_field: is required`.
 * zod's default texts ("Too small: expected string to have >=1 characters") are rewritten as what
 * to write instead; texts the schema sets itself are kept. No phrase ever holds the input value:
 * a config value may be the api_key.
 */
import { z } from 'zod';
import { nearestName } from './nearest-name.js';
import { AccountPropertiesMapping, Config, EventsMapping, IdentifyMapping, UserDeletionsMapping, UserPropertiesMapping, type SyncType } from './schema.js';

/** For any schema (config, catalog): one phrase per issue. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`);
}

/** For the config: like describeIssues, with hints that only make sense in a config. */
export function describeConfigIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${path}: ${describeUnknownKey(key, issue)}`);
    return [`${path}: ${configHint(issue) ?? describeIssue(issue)}`];
  });
}

/**
 * "a: b." for one problem; "1) a: b; 2) c: d." for several. Problems may hold a ";" themselves
 * ("is empty; remove it or set it"), so numbers keep them apart.
 */
export function listProblems(problems: readonly string[]): string {
  const text = problems.length === 1 ? problems[0]! : problems.map((problem, i) => `${i + 1}) ${problem}`).join('; ');
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  // A text the schema chose says more than any generic rewrite.
  if (!isDefaultText(issue)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return describeType(issue.expected, issue.input);
    case 'too_small':
      return describeBound('at least', issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return describeBound('at most', issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${quote(issue.values[0])}` : `must be one of ${issue.values.map(quote).join(', ')}`;
    case 'unrecognized_keys':
      return issue.keys.map((key) => `unknown field "${key}"`).join('; ');
    default:
      return issue.message;
  }
}

function describeType(expected: string, input: unknown): string {
  const unquote = typeof input === 'string' ? ', without quotes' : '';
  switch (expected) {
    case 'string':
      return 'must be a string';
    case 'int':
      return `must be a whole number${unquote}`;
    case 'number':
      return `must be a number${unquote}`;
    case 'boolean':
      return `must be true or false${unquote}`;
    case 'array':
      return 'must be a list ([...])';
    case 'object':
      return 'must be an object ({...})';
    default:
      return `must be of type ${expected}`;
  }
}

function describeBound(direction: 'at least' | 'at most', origin: string, limit: number, inclusive: boolean): string {
  switch (origin) {
    case 'string':
      if (direction === 'at least' && limit === 1) return 'must not be empty';
      return `must be ${direction} ${limit} character${limit === 1 ? '' : 's'} long`;
    case 'array':
    case 'set':
      return `must list ${direction} ${limit} item${limit === 1 ? '' : 's'}`;
    default:
      if (!inclusive) return `must be ${direction === 'at least' ? 'greater' : 'less'} than ${limit}`;
      return `must be ${direction} ${limit}`;
  }
}

/** Whether the issue carries zod's own text (not one the schema set). */
function isDefaultText(issue: z.core.$ZodIssue): boolean {
  const fallback = z.config().localeError?.(issue as never);
  const text = typeof fallback === 'string' ? fallback : fallback?.message;
  return text === undefined || text === issue.message;
}

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Config settings whose generic text leaves a person guessing. */
function configHint(issue: z.core.$ZodIssue): string | undefined {
  const [first, , setting] = issue.path;
  if (issue.path.length === 1 && first === 'app_id' && issue.code === 'invalid_type' && typeof issue.input === 'number') {
    return 'must be a string: put the digits in quotes, e.g. "1234567890"';
  }
  if (issue.path.length === 1 && first === 'api_key' && issue.code === 'too_small') return 'is empty; remove it or set it';
  if (issue.path.length === 3 && first === 'mappings' && setting === 'idempotency_key_fields' && issue.code === 'too_small') {
    return "must list at least one field, or leave it out to use the stream's primary key";
  }
  return undefined;
}

const MAPPING_KEYS: Record<SyncType, readonly string[]> = {
  events: Object.keys(EventsMapping.shape),
  user_properties: Object.keys(UserPropertiesMapping.shape),
  account_properties: Object.keys(AccountPropertiesMapping.shape),
  user_deletions: Object.keys(UserDeletionsMapping.shape),
  identify: Object.keys(IdentifyMapping.shape),
};
/** Settings that choose properties: meaningless where Heap's request carries none. */
const PROPERTY_KEYS = ['include_fields', 'exclude_fields', 'rename_fields'];
const ALL_MAPPING_KEYS = new Set(Object.values(MAPPING_KEYS).flat());
const TOP_LEVEL_KEYS = Object.keys(Config.shape);
const RENAME_KEYS = ['from', 'to'];

/**
 * An unknown key, said in terms of where it is: a key of another sync type, a setting at the
 * wrong level, or a typo of a known key.
 */
function describeUnknownKey(key: string, issue: z.core.$ZodIssue): string {
  const { path } = issue;
  const unknown = `unknown field "${key}"`;
  /** A typo of the first list's keys, else of the second's (a key of another level or sync type). */
  const typo = (known: readonly string[], elsewhere: readonly string[] = []) => {
    const near = nearestName(key, known) ?? nearestName(key, elsewhere);
    return near === undefined ? `${unknown}; remove it or check its spelling` : `${unknown}; did you mean "${near}"?`;
  };
  if (path.length === 0) {
    if (ALL_MAPPING_KEYS.has(key)) return `"${key}" is a mapping setting; put it inside an entry of mappings`;
    return typo(TOP_LEVEL_KEYS, [...ALL_MAPPING_KEYS]);
  }
  if (path.length === 2 && path[0] === 'mappings') {
    const syncType = (issue.input as { sync_type?: unknown } | undefined)?.sync_type;
    if (!isSyncType(syncType)) return typo([...ALL_MAPPING_KEYS], TOP_LEVEL_KEYS);
    if (key === 'identity_field' && syncType === 'account_properties') {
      return 'account_properties mappings use account_id_field, not identity_field';
    }
    if (key === 'account_id_field' && syncType !== 'account_properties') {
      return `${syncType} mappings use identity_field, not account_id_field`;
    }
    if (PROPERTY_KEYS.includes(key) && !MAPPING_KEYS[syncType].includes(key)) {
      return `"${key}" does not apply to sync_type "${syncType}": Heap's ${syncType === 'identify' ? 'identify' : 'user deletion'} requests carry no properties; remove it`;
    }
    const owner = (Object.keys(MAPPING_KEYS) as SyncType[]).find((type) => MAPPING_KEYS[type].includes(key));
    if (owner !== undefined) {
      return `"${key}" is ${owner === 'user_properties' ? 'a' : 'an'} "${owner}" setting and does not apply to sync_type "${syncType}"; remove it or change sync_type`;
    }
    if (TOP_LEVEL_KEYS.includes(key)) return `"${key}" is a top-level setting, not a mapping setting; move it out of mappings`;
    return typo(MAPPING_KEYS[syncType], [...ALL_MAPPING_KEYS, ...TOP_LEVEL_KEYS]);
  }
  if (path.length === 4 && path[0] === 'mappings' && path[2] === 'rename_fields') return typo(RENAME_KEYS);
  return typo([]);
}

function isSyncType(value: unknown): value is SyncType {
  return typeof value === 'string' && value in MAPPING_KEYS;
}
