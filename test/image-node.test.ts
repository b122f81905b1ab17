/**
 * The container image's Node.js, stated in one place each: the major in the Dockerfile's default
 * BASE_IMAGE (what releases build on), the exact version in scripts/image-base.sh (what CI's
 * stand-in base carries). These checks hold without building the image; scripts/image-test.sh then
 * checks `node --version` inside the built image against the Dockerfile.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

/** The Node major of the Dockerfile's default base image (`ARG BASE_IMAGE=node:<major>-...`). */
function dockerfileNodeMajor(): number {
  const match = /^ARG BASE_IMAGE=node:(\d+)-\S+$/m.exec(read('Dockerfile'));
  if (match === null) throw new Error('Dockerfile: no `ARG BASE_IMAGE=node:<major>-...` line');
  return Number(match[1]);
}

/** The exact Node version scripts/image-base.sh pins for the stand-in base. */
function standInNodeVersion(): string {
  const match = /^NODE_VERSION=(\d+\.\d+\.\d+)$/m.exec(read('scripts/image-base.sh'));
  if (match === null) throw new Error('scripts/image-base.sh: no `NODE_VERSION=x.y.z` line');
  return match[1]!;
}

describe('the container image runs a supported Node', () => {
  it('the Dockerfile builds on an LTS line after Node 20 (end of life in April 2026)', () => {
    const major = dockerfileNodeMajor();
    expect(major).toBeGreaterThanOrEqual(24);
    expect(major % 2, 'LTS lines are the even majors').toBe(0);
  });

  it("the stand-in base CI builds on pins a Node of the Dockerfile's major", () => {
    expect(Number(standInNodeVersion().split('.')[0])).toBe(dockerfileNodeMajor());
  });

  it('the exact Node version is pinned in scripts/image-base.sh only', () => {
    const version = standInNodeVersion();
    const elsewhere = repositoryFiles().filter(
      (file) => file !== 'scripts/image-base.sh' && file !== 'package-lock.json' && read(file).includes(version),
    );
    expect(elsewhere).toEqual([]);
  });

  it('the README and docs/heap.md name the Node the image runs', () => {
    const major = dockerfileNodeMajor();
    for (const file of ['README.md', 'docs/heap.md']) {
      const text = read(file);
      expect(text.includes(`node:${major}-bookworm-slim`), `${file} names the base node:${major}-bookworm-slim`).toBe(true);
      expect(text.includes(`Node.js ${major}`), `${file} says the image runs Node.js ${major}`).toBe(true);
      expect(text.match(new RegExp(`node:(?!${major}-)\\d+-bookworm\\S*`, 'g')) ?? [], `${file}: other bases`).toEqual([]);
    }
  });

  it('the package itself still runs on Node 20 (engines)', () => {
    const pkg = JSON.parse(read('package.json')) as { engines?: { node?: string } };
    expect(pkg.engines?.node).toBe('>=20');
  });
});

describe('the repository names no package mirror or registry host', () => {
  // Hosts that serve packages or images. The scripts read the machine's own apt sources and npm
  // config instead, so the repository works behind any mirror.
  const mirrorHosts =
    /\b(deb\.debian\.org|security\.debian\.org|(archive|security)\.ubuntu\.com|registry\.npmjs\.(org|com)|registry\.yarnpkg\.com|deb\.nodesource\.com|(registry-1\.)?docker\.io|ghcr\.io|quay\.io|(\w+\.)?gcr\.io|packages\.cloud\.google\.com|nodejs\.org\/dist)\b/;

  it('in no file of the repository', () => {
    const found = repositoryFiles().flatMap((file) =>
      read(file)
        .split('\n')
        .flatMap((line, i) => (mirrorHosts.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});

/** Every file of the repository, minus what is installed, built or cached, and benchmark results. */
function repositoryFiles(): string[] {
  const skip = new Set(['.git', 'node_modules', 'dist', 'coverage', '.image-cache']);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (skip.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(root, path));
    }
  };
  walk(root);
  return files.filter((file) => !file.endsWith('.log') && !file.startsWith(join('bench', 'results')));
}
