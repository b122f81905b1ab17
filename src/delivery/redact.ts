/**
 * Heap explains a refusal in free text that may quote the refused value, and a refusal reason ends
 * up in a WARN log, where record values must never appear. So every quoted segment of the reason
 * is replaced by "…", except the names Heap may legitimately quote: the item's property keys and
 * its field names. (A value Heap cites without quotes cannot be told from prose; Heap's documented
 * messages quote what they cite.)
 */
const QUOTED = /"([^"\\]|\\.)*"|'([^'\\]|\\.)*'/g;

export function redactQuotedValues(text: string, item: object): string {
  const names = new Set<string>(Object.keys(item));
  const properties = (item as { properties?: unknown }).properties;
  if (typeof properties === 'object' && properties !== null) for (const key of Object.keys(properties)) names.add(key);
  return text.replace(QUOTED, (segment) => (names.has(segment.slice(1, -1)) ? segment : `${segment[0]}…${segment[0]}`));
}
