/**
 * Keeps the user documentation in step with spec.json: every config property appears in the
 * config tables of docs/heap.md (one table for the top-level fields, one per mapping sync type)
 * and of the README (top-level fields), with spec.json's default, and no table documents a
 * property spec.json does not have. The changelog names package.json's version.
 *
 * A table row documents a property when its first cell is the property's name in backticks;
 * nested properties of array items are written `parent[].child` (e.g. `rename_fields[].from`).
 * Every problem is reported at once, naming the file, the table, the property and the line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

interface SpecProperty {
  type?: string | string[];
  default?: unknown;
  const?: unknown;
  properties?: Record<string, SpecProperty>;
  items?: SpecProperty & { oneOf?: SpecProperty[] };
}

const spec = JSON.parse(read('spec.json')) as SpecProperty & { properties: Record<string, SpecProperty> };
const pkg = JSON.parse(read('package.json')) as { version: string };
const mappingOptions = spec.properties.mappings?.items?.oneOf ?? [];

// ---- what spec.json says -----------------------------------------------------------------------

/** Where a property is defined in spec.json, for messages. */
interface Expected {
  property: SpecProperty;
  specPath: string;
}

/**
 * The documented names of an object's properties: each property, plus `name.child` for nested
 * objects and `name[].child` for arrays of objects. A `oneOf` (the mappings) is documented in
 * tables of its own, so it is not descended into.
 */
function documentedProperties(properties: Record<string, SpecProperty>, specPath: string, prefix = ''): Map<string, Expected> {
  const names = new Map<string, Expected>();
  for (const [key, property] of Object.entries(properties)) {
    const name = `${prefix}${key}`;
    const path = `${specPath}.${key}`;
    names.set(name, { property, specPath: path });
    if (property.properties !== undefined) {
      for (const [child, expected] of documentedProperties(property.properties, `${path}.properties`, `${name}.`)) names.set(child, expected);
    }
    if (property.items?.properties !== undefined && property.items.oneOf === undefined) {
      for (const [child, expected] of documentedProperties(property.items.properties, `${path}.items.properties`, `${name}[].`)) {
        names.set(child, expected);
      }
    }
  }
  return names;
}

function syncTypeOf(option: SpecProperty): string {
  const value = option.properties?.sync_type?.const;
  if (typeof value !== 'string') throw new Error('spec.json: a mappings oneOf option has no sync_type const');
  return value;
}

// ---- markdown ----------------------------------------------------------------------------------

interface Line {
  number: number;
  text: string;
}

interface Section {
  level: number;
  title: string;
  line: number;
  /** The section's lines up to the next heading of the same or a higher level (subsections included). */
  body: Line[];
  /** The section's own lines, up to its first subheading. */
  own: Line[];
}

/** Headings and their bodies; lines inside fenced code blocks are never headings or tables. */
function sections(markdown: string): Section[] {
  const lines: (Line & { fenced: boolean })[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, index) => {
    const fence = /^\s*(```|~~~)/.test(text);
    if (fence) fenced = !fenced;
    lines.push({ number: index + 1, text, fenced: fenced || fence });
  });
  const headings = lines
    .map((line, index) => ({ index, match: line.fenced ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line.text) }))
    .filter((h): h is { index: number; match: RegExpExecArray } => h.match !== null);
  return headings.map(({ index, match }, i) => {
    const level = match[1]!.length;
    const nextAny = headings[i + 1]?.index ?? lines.length;
    const nextSameOrHigher = headings.slice(i + 1).find((h) => h.match[1]!.length <= level)?.index ?? lines.length;
    const plain = (from: number, to: number) => lines.slice(from, to).map(({ number, text, fenced: f }) => ({ number, text: f ? '' : text }));
    return { level, title: match[2]!, line: index + 1, body: plain(index + 1, nextSameOrHigher), own: plain(index + 1, nextAny) };
  });
}

interface Table {
  line: number;
  header: string[];
  rows: { line: number; cells: string[] }[];
}

/** Splits a table row on unescaped pipes; `\|` stands for a literal pipe inside a cell. */
function cellsOf(row: string): string[] {
  const trimmed = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** The GitHub-flavoured tables among `lines`: a header row, a delimiter row, then body rows. */
function tables(lines: Line[]): Table[] {
  const found: Table[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const header = lines[i]!;
    const delimiter = lines[i + 1]!;
    if (!header.text.trim().startsWith('|') || !/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(delimiter.text)) continue;
    const table: Table = { line: header.number, header: cellsOf(header.text).map((c) => c.toLowerCase()), rows: [] };
    let j = i + 2;
    for (; j < lines.length && lines[j]!.text.trim().startsWith('|'); j++) table.rows.push({ line: lines[j]!.number, cells: cellsOf(lines[j]!.text) });
    found.push(table);
    i = j - 1;
  }
  return found;
}

const stripBackticks = (cell: string): string => /^`([^`]*)`$/.exec(cell)?.[1] ?? cell;

// ---- the check ---------------------------------------------------------------------------------

/**
 * Problems between one config table and the properties spec.json defines for it: a property
 * without a row, a row without a property, a duplicate row, a default that differs.
 */
function compareTable(where: string, table: Table, expected: ReadonlyMap<string, Expected>): string[] {
  const problems: string[] = [];
  const defaultColumn = table.header.indexOf('default');
  if (defaultColumn < 0) problems.push(`${where} (line ${table.line}) has no "default" column`);
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const first = row.cells[0] ?? '';
    const name = /^`([^`\s]+)`$/.exec(first)?.[1];
    if (name === undefined) {
      problems.push(`${where}, line ${row.line}: the first cell ${JSON.stringify(first)} is not a property name in backticks`);
      continue;
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      problems.push(`${where}, line ${row.line}: "${name}" already has a row (line ${earlier})`);
      continue;
    }
    seen.set(name, row.line);
    const spec = expected.get(name);
    if (spec === undefined) {
      problems.push(`${where}, line ${row.line}: documents "${name}", which spec.json does not have`);
      continue;
    }
    if (defaultColumn < 0) continue;
    const cell = stripBackticks(row.cells[defaultColumn] ?? '');
    if (spec.property.default !== undefined) {
      const want = JSON.stringify(spec.property.default);
      if (cell !== want) problems.push(`${where}, line ${row.line}: "${name}" shows default \`${cell}\`; spec.json (${spec.specPath}) has \`${want}\``);
    } else if (parsesAsJson(cell)) {
      problems.push(`${where}, line ${row.line}: "${name}" shows default \`${cell}\`; spec.json (${spec.specPath}) has no default`);
    }
  }
  for (const [name, spec] of expected) {
    if (!seen.has(name)) problems.push(`${where}: no row for "${name}" (spec.json ${spec.specPath})`);
  }
  return problems;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The single section titled `title` (matched by `test`), or a failure that says which is missing. */
function sectionOf(all: Section[], file: string, description: string, test: (s: Section) => boolean, within?: Section): Section {
  const candidates = all.filter((s) => test(s) && (within === undefined || (s.line > within.line && within.body.some((l) => l.number === s.line))));
  if (candidates.length !== 1) {
    throw new Error(`${file}: expected one ${description} section, found ${candidates.length}${within ? ` under "${within.title}" (line ${within.line})` : ''}`);
  }
  return candidates[0]!;
}

/** The first table of a section's own text (before its subsections). */
function tableOf(section: Section, file: string): Table {
  const table = tables(section.own)[0];
  if (table === undefined) throw new Error(`${file}: no table under "${section.title}" (line ${section.line})`);
  return table;
}

// ---- docs/heap.md ------------------------------------------------------------------------------

const DOCS = 'docs/heap.md';
const docSections = sections(read(DOCS));
const configReference = sectionOf(docSections, DOCS, '"## Config reference"', (s) => s.level === 2 && /^config reference$/i.test(s.title));
const topLevelSection = sectionOf(docSections, DOCS, 'top-level fields', (s) => s.level === 3 && /top-level/i.test(s.title), configReference);

describe('docs/heap.md config reference', () => {
  it('documents every top-level property of spec.json, with its default, and nothing else', () => {
    const where = `${DOCS} "${topLevelSection.title}" table`;
    expect(compareTable(where, tableOf(topLevelSection, DOCS), documentedProperties(spec.properties, 'properties'))).toEqual([]);
  });

  it.each(mappingOptions.map((option, index) => ({ syncType: syncTypeOf(option), option, index })))(
    'documents every property of the $syncType mapping, with its default, and nothing else',
    ({ syncType, option, index }) => {
      const section = sectionOf(docSections, DOCS, `mapping table for \`${syncType}\` (a heading containing \`${syncType}\`)`, (s) => s.level === 3 && s.title.includes(`\`${syncType}\``), configReference);
      const where = `${DOCS} "${section.title}" table`;
      const expected = documentedProperties(option.properties ?? {}, `properties.mappings.items.oneOf[${index}].properties`);
      expect(compareTable(where, tableOf(section, DOCS), expected)).toEqual([]);
    },
  );

  it('has no config table for anything spec.json does not define', () => {
    const known = new Set([topLevelSection.line]);
    for (const option of mappingOptions) {
      const syncType = syncTypeOf(option);
      for (const s of docSections) if (s.level === 3 && s.title.includes(`\`${syncType}\``)) known.add(s.line);
    }
    const strays = docSections
      .filter((s) => s.level === 3 && configReference.body.some((l) => l.number === s.line) && !known.has(s.line) && tables(s.own).length > 0)
      .map((s) => `${DOCS}, line ${s.line}: "${s.title}" has a table but matches neither the top-level fields nor a sync_type of spec.json`);
    expect(strays).toEqual([]);
  });
});

describe('docs/heap.md changelog', () => {
  it(`has a row for the version in package.json`, () => {
    const changelog = sectionOf(docSections, DOCS, '"## Changelog"', (s) => s.level === 2 && /^changelog$/i.test(s.title));
    const rows = tables(changelog.body).flatMap((t) => t.rows);
    const row = rows.find((r) => stripBackticks(r.cells[0] ?? '') === pkg.version);
    expect(row, `${DOCS}: the changelog (line ${changelog.line}) has no row whose first cell is ${pkg.version}, package.json's version`).toBeDefined();
    expect(row!.cells[1] ?? '', `${DOCS}, line ${row!.line}: the changelog date should be YYYY-MM-DD`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

// ---- README.md ---------------------------------------------------------------------------------

describe('README.md config table', () => {
  it('documents every top-level property of spec.json, with its default, and nothing else', () => {
    const README = 'README.md';
    const all = sections(read(README));
    const config = sectionOf(all, README, '"## Config"', (s) => s.level === 2 && /^config$/i.test(s.title));
    const table = tables(config.body).find((t) => t.header[0] === 'field' && t.header.includes('default'));
    if (table === undefined) throw new Error(`${README}: no "| field | ... | default |" table under "## Config" (line ${config.line})`);
    expect(compareTable(`${README} config table`, table, documentedProperties(spec.properties, 'properties'))).toEqual([]);
  });
});

// ---- the parser itself -------------------------------------------------------------------------

describe('the markdown table reader used above', () => {
  it('keeps escaped pipes inside a cell and ignores tables in code fences', () => {
    const md = ['## A', '| field | default |', '|---|---|', '| `x` | `"a\\|\\|b"` |', '```', '| `y` | 1 |', '```'].join('\n');
    const [section] = sections(md);
    const found = tables(section!.body);
    expect(found).toHaveLength(1);
    expect(found[0]!.rows.map((r) => r.cells)).toEqual([['`x`', '`"a||b"`']]);
  });

  it('reports a missing row, an unknown row and a wrong default by name', () => {
    const table: Table = {
      line: 1,
      header: ['field', 'type', 'default', 'meaning'],
      rows: [
        { line: 3, cells: ['`batch_size`', 'integer', '`500`', ''] },
        { line: 4, cells: ['`batch_sise`', 'integer', '`1000`', ''] },
      ],
    };
    const expected = new Map<string, Expected>([
      ['batch_size', { property: { default: 1000 }, specPath: 'properties.batch_size' }],
      ['app_id', { property: {}, specPath: 'properties.app_id' }],
    ]);
    expect(compareTable('T', table, expected)).toEqual([
      'T, line 3: "batch_size" shows default `500`; spec.json (properties.batch_size) has `1000`',
      'T, line 4: documents "batch_sise", which spec.json does not have',
      'T: no row for "app_id" (spec.json properties.app_id)',
    ]);
  });
});

describe('docs/heap.md answers what a new user asks', () => {
  const heapMd = read('docs/heap.md');
  it.each([
    ['how to see the data in Heap', /### Checking that the data arrived in Heap/],
    ['how long ingestion takes', /\*\*How long it takes\.\*\*/],
    ['which Airbyte versions it supports', /### Supported Airbyte versions[\s\S]*Protocol 0\.18\.0/],
    ['which image architectures exist', /### Image architectures[\s\S]*linux\/amd64[\s\S]*linux\/arm64/],
    ['how much memory and CPU to give it', /### Memory and CPU[\s\S]*bench\/results\/latest\.json/],
    ['how to upgrade', /### Upgrading[\s\S]*Docker image tag/],
    ['the sandbox admin endpoints', /\/_sandbox\/summary[\s\S]*\/_sandbox\/events[\s\S]*\/_sandbox\/reset/],
  ])('%s', (_question, pattern) => {
    expect(heapMd).toMatch(pattern);
  });
});
