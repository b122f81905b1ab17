/**
 * Where things are. The benchmark runs from `dist/bench/`; the programs it measures are the
 * built ones next to it, and its results file lives in the source tree so it can be committed.
 */
import { fileURLToPath } from 'node:url';

/** The repository root (this file is `dist/bench/paths.js` once built). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A path under `dist/`, e.g. `distPath('src/cli/main.js')`. */
export function distPath(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

export const DEFAULT_RESULTS_FILE = fileURLToPath(new URL('../../bench/results/latest.json', import.meta.url));
