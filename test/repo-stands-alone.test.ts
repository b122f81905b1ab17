/**
 * The repository stands on its own: no file points at documents outside it, and every relative
 * link in its markdown leads to a file that exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = ['src', 'test', 'integration_tests', 'bench', 'scripts', 'docs', '.ci'];
const TOP_FILES = ['README.md', 'Dockerfile', 'package.json', 'spec.json'];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'results') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const files = [...FOLDERS.flatMap((folder) => filesUnder(join(ROOT, folder))), ...TOP_FILES.map((name) => join(ROOT, name))];

describe('the repository stands on its own', () => {
  it('no file cites documents outside the repository', () => {
    const outside = /\/work\/|\.\.\/shared|shared\/docs|product\.md|heap-api\.md/;
    // The repository's own page about Heap's API may be named and linked.
    const ours = /docs\/heap-api\.md|\]\(heap-api\.md\)|\[heap-api\.md\]/g;
    const offenders = files
      .filter((file) => file !== fileURLToPath(import.meta.url))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, index) => ({ line, at: `${relative(ROOT, file)}:${index + 1}` }))
          .filter(({ line }) => outside.test(line.replace(ours, ''))),
      )
      .map(({ at, line }) => `${at}: ${line.trim()}`);
    expect(offenders).toEqual([]);
  });

  it('every relative markdown link leads to a file in the repository', () => {
    const broken: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.md'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const path = resolve(dirname(file), target);
        if (!path.startsWith(ROOT) || !existsSync(path)) broken.push(`${relative(ROOT, file)}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
