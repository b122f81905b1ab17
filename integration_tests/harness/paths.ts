/**
 * Where the conformance suite finds the program under test and writes its files.
 *
 * - `DESTINATION_HEAP_CMD`: the command line under test, split on whitespace (for example
 *   `scripts/image-run.sh` to run inside the container image). A relative program path is
 *   resolved against the repository root. Default: this Node running the built CLI,
 *   `dist/src/cli/main.js` (`npm run test:conformance` builds first).
 * - `DESTINATION_HEAP_TEST_TMPDIR`: where config and catalog files go (the container wrapper
 *   mounts it at the same path). Default: the OS temp dir.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES_DIR = join(REPO_ROOT, 'integration_tests');

const BUILT_CLI = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

/** The program and its leading arguments; the command (spec, check, write...) is appended. */
export function commandUnderTest(): { program: string; args: string[] } {
  const configured = process.env.DESTINATION_HEAP_CMD?.trim();
  if (configured) {
    const [program, ...args] = configured.split(/\s+/) as [string, ...string[]];
    const resolved = program.includes('/') && !isAbsolute(program) ? resolve(REPO_ROOT, program) : program;
    return { program: resolved, args };
  }
  if (!existsSync(BUILT_CLI)) {
    throw new Error(
      `The built CLI ${BUILT_CLI} does not exist: run \`npm run build\` first (or \`npm run test:conformance\`), ` +
        'or point DESTINATION_HEAP_CMD at the command under test.',
    );
  }
  return { program: process.execPath, args: [BUILT_CLI] };
}

/** A fresh directory for one run's files, under DESTINATION_HEAP_TEST_TMPDIR or the OS temp dir. */
export function freshDir(): { dir: string; remove: () => void } {
  const root = process.env.DESTINATION_HEAP_TEST_TMPDIR ?? tmpdir();
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, 'destination-heap-conformance-'));
  // Readable by another user too: the image runs the connector as uid 1000 (scripts/image-run.sh).
  chmodSync(dir, 0o755);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fresh folder the command under test may write into even when it runs as another user (the
 * image runs the connector as uid 1000; scripts/image-run.sh mounts the test folder at the same
 * path): a store of rejected records that a config names, for example.
 */
export function writableDir(): { dir: string; remove: () => void } {
  const made = freshDir();
  chmodSync(made.dir, 0o777);
  return made;
}

/** Writes `content` (a JSON value, or raw text when a string) into `dir/name`; returns the absolute path. */
export function writeFile(dir: string, name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}
