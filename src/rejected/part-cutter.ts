/**
 * Part cutting, the policy: which kept lines go into which part. A part never holds more than
 * `maxPartBytes`, except a single line larger than that, which goes alone into a part of its own.
 */

export interface PartPlan {
  /** True: the lines start a new part; false: they go on in the part already open. */
  fresh: boolean;
  /** How many of the lines (in order) go into this part. */
  count: number;
  bytes: number;
}

/**
 * @param openBytes bytes already in the part open now, or undefined when none is open (or the
 *   store cannot append to one: every write then starts a part)
 * @param lineBytes the byte length of each line to store (its newline included), in order
 */
export function cutParts(openBytes: number | undefined, lineBytes: readonly number[], maxPartBytes: number): PartPlan[] {
  const plans: PartPlan[] = [];
  let current: PartPlan | undefined;
  let used = openBytes;
  for (const bytes of lineBytes) {
    const fits = used !== undefined && (used + bytes <= maxPartBytes || used === 0);
    if (!fits) {
      current = { fresh: true, count: 0, bytes: 0 };
      plans.push(current);
      used = 0;
    } else if (current === undefined) {
      current = { fresh: false, count: 0, bytes: 0 };
      plans.push(current);
    }
    current.count += 1;
    current.bytes += bytes;
    used = (used ?? 0) + bytes;
  }
  return plans;
}
