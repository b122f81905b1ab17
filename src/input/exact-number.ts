/**
 * A JSON number that a double cannot hold as written: an integer beyond ±(2^53 − 1) (a bigint
 * column, a snowflake id), kept as its exact digits, or a number that overflows a double
 * (`1e400`), or a number with a fraction or an exponent beyond ±(2^53 − 1)
 * (`12345678901234567890.5`), whose text an identity keeps as written. The input parser makes one
 * only for such numbers; every other number stays a plain `number`. The mapping stage reads it: an integer goes on as its digits (identity, account id,
 * idempotency key, property value), an overflowing number is left out or rejects the record.
 */
export class ExactNumber {
  private constructor(
    /** The number as the input wrote it. */
    readonly text: string,
    /** True for a number beyond a double's range; false for an integer kept digit for digit. */
    readonly overflows: boolean,
    /** True for a number written with a fraction or an exponent: it counts as its double, except as an identifier. */
    readonly decimal = false,
  ) {}

  /** An integer literal (`-?digits`) whose value a double cannot hold exactly. */
  static integer(text: string): ExactNumber {
    return new ExactNumber(text, false);
  }

  /** A literal with a fraction or an exponent whose double is beyond ±(2^53 − 1), so JSON.parse's reading lost its text. */
  static decimal(text: string): ExactNumber {
    return new ExactNumber(text, false, true);
  }

  /** The double the number stands for wherever its text is not what counts (properties, keys). */
  get double(): number {
    return Number(this.text);
  }

  /** A number literal whose value is beyond ±Number.MAX_VALUE. */
  static overflowing(text: string): ExactNumber {
    return new ExactNumber(text, true);
  }

  /**
   * JSON.stringify writes an integer as the string of its digits (a JSON number would be rounded
   * by whoever reads it) and an overflowing number as null, as it writes Infinity.
   */
  toJSON(): string | number | null {
    if (this.decimal) return this.double;
    return this.overflows ? null : this.text;
  }
}
