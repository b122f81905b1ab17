/**
 * Moving through JSON text without building values: where whitespace, a string, a value or an
 * object's members end. The text must be valid JSON (the callers have JSON.parse'd it); nothing
 * here looks for syntax errors. Nothing recurses: a value nested 300,000 levels deep is skipped
 * with a depth counter.
 */

/** Character codes of JSON's structure, shared with the exact parser (exact-json.ts). */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;

/** The index of the first character at or after `at` that is not JSON whitespace. */
export function skipSpace(text: string, at: number): number {
  for (;;) {
    const code = text.charCodeAt(at);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return at;
    at += 1;
  }
}

/** The index of the quote that closes the string whose opening quote is at `start`. */
export function stringEnd(text: string, start: number): number {
  let at = start + 1;
  for (;;) {
    at = text.indexOf('"', at);
    // An odd run of backslashes before the quote escapes it.
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return at;
    at += 1;
  }
}

/** The string whose opening quote is at `start` and closing quote at `end`, unescaped. */
export function stringAt(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end + 1)) as string) : raw;
}

/** The index just after the value that starts at `start` (no whitespace before it). */
export function valueEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return stringEnd(text, start) + 1;
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A number, true, false or null: up to the next delimiter.
    let at = start;
    while (at < text.length && !isDelimiter(text.charCodeAt(at))) at += 1;
    return at;
  }
  let depth = 0;
  let at = start;
  for (;;) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      at = stringEnd(text, at) + 1;
      continue;
    }
    at += 1;
    if (code === OPEN_BRACE || code === OPEN_BRACKET) depth += 1;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return at;
    }
  }
}

/** One member of an object in JSON text: `start` is its key's opening quote, `end` just after its value. */
export interface MemberSpan {
  key: string;
  start: number;
  valueStart: number;
  end: number;
}

/** The members of the object whose `{` is at `open`, in text order, and the index of its `}`. */
export function objectMembers(text: string, open: number): { members: MemberSpan[]; close: number } {
  const members: MemberSpan[] = [];
  let at = skipSpace(text, open + 1);
  if (text.charCodeAt(at) === CLOSE_BRACE) return { members, close: at };
  for (;;) {
    const keyEnd = stringEnd(text, at);
    const key = stringAt(text, at, keyEnd);
    const valueStart = skipSpace(text, skipSpace(text, keyEnd + 1) + 1);
    const end = valueEnd(text, valueStart);
    members.push({ key, start: at, valueStart, end });
    at = skipSpace(text, end);
    if (text.charCodeAt(at) === CLOSE_BRACE) return { members, close: at };
    at = skipSpace(text, at + 1); // past the comma
  }
}

function isDelimiter(code: number): boolean {
  return code === 0x2c || code === CLOSE_BRACE || code === CLOSE_BRACKET || code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
