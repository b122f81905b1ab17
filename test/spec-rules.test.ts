/**
 * spec.json follows the rules Airbyte's UI renders a config form by (the connector specification
 * reference, https://docs.airbyte.com/platform/connector-development/connector-specification-reference):
 * titles in Title Case, a `pattern_descriptor` beside every `pattern`, no forbidden JSON Schema
 * keywords, `oneOf` options told apart by a `const`, and top-level fields in `groups`, with the
 * tuning fields in a group of their own, apart from what every user fills in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));

type Schema = Record<string, unknown> & {
  title?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  group?: string;
  order?: number;
};
const spec = JSON.parse(readFileSync(join(root, 'spec.json'), 'utf8')) as Schema & { groups?: { id: string; title?: string }[] };

/** Every schema node with its JSON path. */
function nodes(schema: Schema, path = '$'): { path: string; node: Schema }[] {
  const found = [{ path, node: schema }];
  for (const [key, child] of Object.entries(schema.properties ?? {})) found.push(...nodes(child, `${path}.properties.${key}`));
  if (schema.items !== undefined) found.push(...nodes(schema.items, `${path}.items`));
  (schema.oneOf ?? []).forEach((option, index) => found.push(...nodes(option, `${path}.oneOf[${index}]`)));
  return found;
}

/** Words kept lower case inside a title (articles, short conjunctions and prepositions). */
const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'per', 'the', 'to', 'via', 'with']);

/** The words of `title` that break Title Case. */
function titleCaseProblems(title: string): string[] {
  return title
    .split(/\s+/)
    .filter((word, index) => {
      const letters = word.replace(/^[^\p{L}]+/u, '');
      if (letters === '') return false;
      const first = letters[0]!;
      if (index > 0 && MINOR_WORDS.has(letters.toLowerCase())) return letters !== letters.toLowerCase();
      return first !== first.toUpperCase();
    });
}

/** The top-level fields that tune delivery rather than say where and what to deliver. */
const TUNING_FIELDS = ['batch_size', 'max_concurrent_requests', 'events_per_minute', 'events_per_identity_per_minute', 'request_timeout_seconds', 'max_retry_seconds'];

describe('spec.json by Airbyte UI rules', () => {
  it('titles every field in Title Case', () => {
    const problems = nodes(spec)
      .filter(({ node }) => typeof node.title === 'string' && titleCaseProblems(node.title).length > 0)
      .map(({ path, node }) => `${path}: "${node.title}"`);
    expect(problems).toEqual([]);
  });

  it('has a pattern_descriptor beside every pattern', () => {
    const patterns = nodes(spec).filter(({ node }) => 'pattern' in node);
    expect(patterns.length).toBeGreaterThan(0);
    expect(patterns.filter(({ node }) => typeof node.pattern_descriptor !== 'string').map(({ path }) => path)).toEqual([]);
  });

  it('uses no keyword the Airbyte UI forbids', () => {
    const forbidden = ['$ref', 'not', 'anyOf', 'allOf', 'patternProperties', 'prefixItems', 'if', 'then', 'else', 'dependentSchemas', 'dependentRequired'];
    const found = nodes(spec).flatMap(({ path, node }) => forbidden.filter((key) => key in node).map((key) => `${path}.${key}`));
    expect(found).toEqual([]);
  });

  it('tells oneOf options apart by one string field with a const of its own', () => {
    const problems: string[] = [];
    for (const { path, node } of nodes(spec).filter(({ node }) => node.oneOf !== undefined)) {
      const constKeys = node.oneOf!.map((option) => Object.entries(option.properties ?? {}).filter(([, p]) => 'const' in p).map(([key]) => key));
      const shared = constKeys[0]?.find((key) => constKeys.every((keys) => keys.includes(key)));
      if (shared === undefined) problems.push(`${path}: no field with a const in every option`);
      const values = node.oneOf!.map((option) => option.properties?.[shared ?? '']?.const);
      if (new Set(values).size !== values.length) problems.push(`${path}: the const values of ${shared} repeat`);
    }
    expect(problems).toEqual([]);
  });

  describe('groups', () => {
    const groupIds = (spec.groups ?? []).map((group) => group.id);
    const topLevel = Object.entries(spec.properties ?? {});

    it('are declared once each, with a title', () => {
      expect(groupIds.length).toBeGreaterThan(1);
      expect(new Set(groupIds).size).toBe(groupIds.length);
      expect((spec.groups ?? []).filter((group) => typeof group.title !== 'string').map((g) => g.id)).toEqual([]);
    });

    it('hold every top-level field, each in a declared group', () => {
      expect(topLevel.filter(([, field]) => field.group === undefined || !groupIds.includes(field.group)).map(([key]) => key)).toEqual([]);
    });

    it('are set on top-level fields only', () => {
      const nested = nodes(spec).filter(({ path, node }) => node.group !== undefined && !/^\$\.properties\.[^.]+$/.test(path));
      expect(nested.map(({ path }) => path)).toEqual([]);
    });

    it('put the tuning fields in one group of their own, apart from the required fields', () => {
      const tuningGroups = new Set(TUNING_FIELDS.map((key) => spec.properties?.[key]?.group));
      expect(tuningGroups.size).toBe(1);
      const [tuning] = [...tuningGroups];
      expect(topLevel.filter(([key, field]) => field.group === tuning && !TUNING_FIELDS.includes(key)).map(([key]) => key)).toEqual([]);
      expect((spec.required ?? []).filter((key) => spec.properties?.[key]?.group === tuning)).toEqual([]);
      expect(groupIds.at(-1)).toBe(tuning);
    });

    it('never repeat an order within a group', () => {
      const seen = new Map<string, string>();
      const repeats: string[] = [];
      for (const [key, field] of topLevel) {
        const slot = `${field.group}:${field.order}`;
        if (seen.has(slot)) repeats.push(`${key} and ${seen.get(slot)} share order ${field.order} in group ${field.group}`);
        seen.set(slot, key);
      }
      expect(repeats).toEqual([]);
    });
  });
});

describe('the Title Case rule used above', () => {
  it.each([
    ['API Key', []],
    ['Events per Identity per Minute', []],
    ['Request Timeout (Seconds)', []],
    ['Send a Test Event on Check', []],
    ['Batch size', ['size']],
    ['Events Per Minute', ['Per']],
    ['request Timeout', ['request']],
  ])('%j breaks it at %j', (title, words) => {
    expect(titleCaseProblems(title)).toEqual(words);
  });
});

describe('secrets are marked as Airbyte\'s acceptance test (test_secret_is_properly_marked) expects', () => {
  // The property names that test takes for secrets (matched whole, in any casing); app_id is one.
  const SECRET_NAMES = new Set([
    'client_token',
    'access_token',
    'api_token',
    'token',
    'secret',
    'client_secret',
    'password',
    'key',
    'service_account_info',
    'service_account',
    'tenant_id',
    'certificate',
    'jwt',
    'credentials',
    'app_id',
    'appid',
    'refresh_token',
  ]);

  it('every string property with such a name, at any depth, has airbyte_secret: true', () => {
    const named = nodes(spec).filter(({ path, node }) => SECRET_NAMES.has(path.split('.').pop()!.toLowerCase()) && node.type === 'string');
    expect(named.map(({ path }) => path)).toContain('$.properties.app_id');
    expect(named.filter(({ node }) => node.airbyte_secret !== true).map(({ path }) => path)).toEqual([]);
  });

  it('api_key is a secret too', () => {
    expect(spec.properties?.api_key?.airbyte_secret).toBe(true);
  });
});

describe('the user_deletions mapping', () => {
  const variant = (spec.properties!.mappings!.items!.oneOf ?? []).find((option) => option.properties?.sync_type?.const === 'user_deletions');

  it('says plainly that a deletion is irreversible, reaches every environment, and needs api_key and the Main Production app_id', () => {
    const description = variant?.description ?? '';
    expect(description).toContain('cannot be undone');
    expect(description).toContain('every environment');
    expect(description).toContain('api_key');
    expect(description).toContain('Main Production');
  });

  it('names its user by identity_field or user_id_field, neither required by the schema (the config check wants exactly one)', () => {
    expect(variant?.required).toEqual(['stream', 'sync_type']);
    expect(Object.keys(variant?.properties ?? {})).toEqual(expect.arrayContaining(['identity_field', 'user_id_field']));
  });
});
