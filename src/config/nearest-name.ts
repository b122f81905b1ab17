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

/** Levenshtein distance: insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
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
