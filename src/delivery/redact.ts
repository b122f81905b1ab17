/**
 * Heap explains a refusal in free text, and that text ends up in a WARN log (a refused record) or
 * a TRACE's internal_message (a fatal answer), where record values must never appear. Heap, or a
 * proxy in front of it, may quote a refused value or echo it bare, whole or cut, so the text is
 * kept only where it cannot be a value of the items that were sent:
 *
 * - a quoted segment is kept only when it is one of the items' field or property names, else it
 *   becomes "…";
 * - a word (a run without spaces) becomes "…" when it contains one of the items' values of 2 or
 *   more characters, or when one of its letter-and-digit pieces equals a value or, with 2 or more
 *   characters, is part of one. Field and property names are kept.
 *
 * So Heap's own words survive unless a value happens to contain them: safe first, readable second.
 * Comparisons ignore case.
 */
const QUOTED = /"([^"\\]|\\.)*"|'([^'\\]|\\.)*'/g;
const WORD = /\S+/g;
const PIECE = /[\p{L}\p{N}]+/gu;

export function redactRecordValues(text: string, items: readonly object[]): string {
  const names = new Set<string>();
  const values = new Set<string>();
  for (const item of items) collect(item, names, values);
  const unquoted = text.replace(QUOTED, (segment) => (names.has(segment.slice(1, -1).toLowerCase()) ? segment : `${segment[0]}…${segment[0]}`));
  const valueList = [...values];
  return unquoted.replace(WORD, (word) => {
    const lower = word.toLowerCase();
    if (lower === '"…"' || lower === "'…'" || names.has(lower) || names.has(trimPunctuation(lower))) return word;
    return revealsValue(lower, valueList, values) ? '…' : word;
  });
}

function revealsValue(word: string, values: readonly string[], valueSet: ReadonlySet<string>): boolean {
  for (const value of values) if (value.length >= 2 && word.includes(value)) return true;
  for (const piece of word.match(PIECE) ?? []) {
    if (valueSet.has(piece)) return true;
    if (piece.length >= 2 && values.some((value) => value.includes(piece))) return true;
  }
  return false;
}

/** The keys of `node` and its nested objects go to `names`; its leaves (strings, numbers, booleans) to `values`. */
function collect(node: object, names: Set<string>, values: Set<string>): void {
  for (const [key, value] of Object.entries(node)) {
    names.add(key.toLowerCase());
    if (typeof value === 'object' && value !== null) collect(value, names, values);
    else if (value !== null && value !== undefined) values.add(String(value).toLowerCase());
  }
}

function trimPunctuation(word: string): string {
  return word.replace(/^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu, '');
}
