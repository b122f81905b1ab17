/**
 * "Did you mean ...?" for a misspelled setting or option: the known name nearest to a typo.
 */

/**
 * The name in `known` nearest to `typo`, or undefined when none is close enough to be a typo of
 * it. Case, `_` and `-` are ignored (so `batchSize` finds `batch_size`); then at most 2 edits, and
 * fewer for short names, where 2 edits turn any name into another (`as` is not a typo of `to`).
 */
export function nearestName(typo: string, known: Iterable<string>): string | undefined {
  const target = normalize(typo);
  const allowed = Math.min(2, Math.floor(target.length / 3));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const name of known) {
    const distance = editDistance(target, normalize(name));
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/**
 * Edit distance with insertions, deletions, substitutions and swaps of two neighbouring letters
 * (the optimal-string-alignment form of Damerau-Levenshtein): `prot` is one edit from `port`.
 */
export function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, beforePrevious[j - 2]! + 1);
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * For a command-line option: the nearest name (see nearestName), else the one name that starts
 * with what was typed (at least 3 characters), so `--conf` finds `--config`.
 */
export function nearestOption(typo: string, known: readonly string[]): string | undefined {
  const near = nearestName(typo, known);
  if (near !== undefined) return near;
  const start = normalize(typo);
  if (start.length < 3) return undefined;
  const completions = known.filter((name) => normalize(name).startsWith(start));
  return completions.length === 1 ? completions[0] : undefined;
}

/**
 * Up to `max` names in `known` close enough to `typo` to be a typo of it (the same closeness as
 * `nearestName`), nearest first; ties keep the order of `known`.
 */
export function nearestNames(typo: string, known: Iterable<string>, max: number): string[] {
  const target = normalize(typo);
  const allowed = Math.min(2, Math.floor(target.length / 3));
  const near: { name: string; distance: number }[] = [];
  for (const name of known) {
    const distance = editDistance(target, normalize(name));
    if (distance <= allowed) near.push({ name, distance });
  }
  return near
    .sort((a, b) => a.distance - b.distance)
    .slice(0, max)
    .map((entry) => entry.name);
}
