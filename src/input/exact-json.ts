/**
 * JSON text → value, keeping numbers exact: what JSON.parse returns, except that an integer a
 * double cannot hold exactly, or a number that overflows a double, comes back as an
 * `ExactNumber`. Iterative (an explicit stack, no recursion), so nesting depth is bounded only by
 * memory, as with JSON.parse.
 *
 * It is the slow path: every line is read by JSON.parse first, and a record is read again by this
 * reader only when its mapping uses a number JSON.parse may have rounded, a number beyond
 * ±(2^53 − 1) (src/mapping/rounded-numbers.ts). The text must already be valid JSON (the caller
 * has JSON.parse'd it): syntax errors are not looked for here.
 */
import { ExactNumber } from './exact-number.js';
import { CLOSE_BRACE, CLOSE_BRACKET, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE, skipSpace, stringAt, stringEnd } from './json-scan.js';

interface Frame {
  /** The object or array being filled. */
  container: Record<string, unknown> | unknown[];
  /** For an object: the key the next value goes under. */
  key: string;
}

export function parseExactJson(text: string): unknown {
  const stack: Frame[] = [];
  let at = 0;
  for (;;) {
    // Read one value at `at`: a scalar, an empty container, or the opening of a container.
    at = skipSpace(text, at);
    let value: unknown;
    const code = text.charCodeAt(at);
    if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      const close = code === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
      at = skipSpace(text, at + 1);
      if (text.charCodeAt(at) === close) {
        at += 1;
        value = code === OPEN_BRACE ? {} : [];
      } else if (code === OPEN_BRACE) {
        const frame: Frame = { container: {}, key: '' };
        at = readKey(text, at, frame);
        stack.push(frame);
        continue;
      } else {
        stack.push({ container: [], key: '' });
        continue;
      }
    } else if (code === QUOTE) {
      const end = stringEnd(text, at);
      value = stringAt(text, at, end);
      at = end + 1;
    } else if (code === 0x74 /* t */) {
      value = true;
      at += 4;
    } else if (code === 0x66 /* f */) {
      value = false;
      at += 5;
    } else if (code === 0x6e /* n */) {
      value = null;
      at += 4;
    } else {
      const start = at;
      while (at < text.length && isNumberChar(text.charCodeAt(at))) at += 1;
      value = readNumber(text.slice(start, at));
    }
    // Put the value into its container; each container that closes here is a value in turn.
    for (;;) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) return value;
      if (Array.isArray(frame.container)) frame.container.push(value);
      else setMember(frame.container, frame.key, value);
      at = skipSpace(text, at);
      const next = text.charCodeAt(at);
      at += 1;
      if (next === COMMA) {
        if (!Array.isArray(frame.container)) at = readKey(text, skipSpace(text, at), frame);
        break;
      }
      stack.pop();
      value = frame.container;
    }
  }
}

function readNumber(literal: string): number | ExactNumber {
  const value = Number(literal);
  if (isIntegerLiteral(literal)) return Number.isSafeInteger(value) ? value : ExactNumber.integer(literal);
  if (!Number.isFinite(value)) return ExactNumber.overflowing(literal);
  // JSON.parse's reading of such a number dropped its text; an identity keeps it (src/mapping/identity.ts).
  return Math.abs(value) > Number.MAX_SAFE_INTEGER ? ExactNumber.decimal(literal) : value;
}

function isIntegerLiteral(literal: string): boolean {
  for (let i = 0; i < literal.length; i++) {
    const code = literal.charCodeAt(i);
    if (code === 0x2e /* . */ || code === 0x65 /* e */ || code === 0x45 /* E */) return false;
  }
  return true;
}

/** Reads `"key"` and the colon after it, at `at`; returns where the member's value starts. */
function readKey(text: string, at: number, frame: Frame): number {
  const end = stringEnd(text, at);
  frame.key = stringAt(text, at, end);
  at = skipSpace(text, end + 1);
  return at + 1; // the colon
}

function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  // JSON.parse makes "__proto__" an own member; assigning it would replace the prototype instead.
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

function isNumberChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2b || code === 0x2e || code === 0x65 || code === 0x45;
}
