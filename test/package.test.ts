/**
 * The npm package ships what the CLI needs (scripts/pack-test.sh, run by CI, installs the packed
 * tarball and runs it; this catches the cheap mistakes first).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const packed = (path: string) => pkg.files.some((entry) => path === entry || path.startsWith(`${entry}/`));

describe('package.json', () => {
  it('builds before packing, so the tarball carries dist/', () => {
    expect(pkg.scripts.prepack).toMatch(/npm run build/);
  });

  it('packs the binary', () => {
    for (const bin of Object.values(pkg.bin)) expect(packed(bin.replace(/^\.\//, '')), bin).toBe(true);
  });

  it('packs every JSON file the built code imports (tsc emits them under dist/)', () => {
    const imported = new Set<string>();
    for (const file of sources(join(ROOT, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+\.json)'/g)) {
        imported.add(relative(ROOT, join('dist', relative(ROOT, resolve(dirname(file), match[1]!)))));
      }
    }
    expect(imported.size).toBeGreaterThan(0);
    for (const path of imported) expect(packed(path), path).toBe(true);
  });
});
