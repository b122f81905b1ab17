/**
 * Where a JSON file stops being JSON, as a line and column a person can jump to. V8's own
 * message is never shown: it may quote a slice of the text around the error, and in a config
 * file that slice can be the api_key. Only the position is taken from it.
 */

export interface JsonErrorLocation {
  /** 1-based. */
  line: number;
  /** 1-based, in characters (code points) of that line. */
  column: number;
  /** The text ended before the JSON was complete. */
  atEnd: boolean;
}

/**
 * The location of the syntax error `error` (thrown by `JSON.parse(text)`) in `text`. V8 names
 * the position for most errors but not for an unexpected token ("Unexpected token 'u', ..."):
 * then a scan of the text finds it.
 */
export function locateJsonError(text: string, error: unknown): JsonErrorLocation | undefined {
  const message = error instanceof Error ? error.message : '';
  const stated = /\bposition (\d+)/.exec(message)?.[1];
  const offset = stated !== undefined ? Number(stated) : /end of JSON input/.test(message) ? text.length : scanForError(text);
  if (offset === undefined || offset > text.length) return undefined;
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    line: before.split('\n').length,
    column: [...before.slice(lineStart)].length + 1,
    atEnd: text.slice(offset).trim() === '',
  };
}

/** " at line 3, column 14 (often a trailing comma or a missing quote)", or "" when unknown. */
export function describeJsonError(text: string, error: unknown): string {
  if (text.trim() === '') return ': the file is empty';
  const where = locateJsonError(text, error);
  if (where === undefined) return '';
  const hint = where.atEnd ? 'the text ends before the JSON is complete: a missing "}", "]" or quote?' : 'often a trailing comma or a missing quote';
  return ` at line ${where.line}, column ${where.column} (${hint})`;
}

class Stop {
  constructor(readonly offset: number) {}
}

/**
 * The offset of the first character at which `text` is no longer JSON (RFC 8259), or undefined
 * if the scan finds none. Used only after JSON.parse failed, to place errors V8 does not place.
 */
export function scanForError(text: string): number | undefined {
  let i = 0;
  const stop = (): never => {
    throw new Stop(i);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const char of word) {
      if (text[i] !== char) stop();
      i++;
    }
  };
  const digits = () => {
    const start = i;
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
    if (i === start) stop();
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) stop();
      const char = text[i]!;
      if (char === '"') {
        i++;
        return;
      }
      if (char < ' ') stop();
      if (char === '\\') {
        i++;
        const escape = text[i];
        if (escape === 'u') {
          i++;
          for (let k = 0; k < 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) stop();
            i++;
          }
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i++;
        else stop();
      } else i++;
    }
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') stop();
        string();
        space();
        if (text[i] !== ':') stop();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else stop();
      }
    }
    if (char === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else stop();
      }
    }
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return number();
    stop();
  };
  try {
    value();
    space();
    return i < text.length ? i : undefined;
  } catch (error) {
    if (error instanceof Stop) return error.offset;
    if (error instanceof RangeError) return undefined; // nested deeper than the call stack
    throw error;
  }
}
