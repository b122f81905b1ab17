/**
 * A column of numbers addressed by an ever-growing index, stored in fixed pages of typed arrays:
 * it grows a page at a time (no copy of what it holds, no doubled array left for the collector,
 * at most one page of slack) and, used as a queue, gives back the pages its front has passed.
 * The per-identity rate windows (keyed-sliding-windows.ts) keep their slots and entries in these.
 */

/** Numbers per page (a power of two). */
const PAGE = 4096;

export class PagedColumn {
  readonly #pages: Array<Float64Array | Int32Array> = [];
  /** The page number of `#pages[0]`: pages below it were dropped. */
  #firstPage = 0;

  /** @param kind `int32` for counts and small integers, `float64` for times and indexes past 2^31 */
  constructor(private readonly kind: 'int32' | 'float64') {}

  get(index: number): number {
    return this.#pages[Math.floor(index / PAGE) - this.#firstPage]![index % PAGE]!;
  }

  set(index: number, value: number): void {
    const page = Math.floor(index / PAGE) - this.#firstPage;
    while (this.#pages.length <= page) this.#pages.push(this.kind === 'int32' ? new Int32Array(PAGE) : new Float64Array(PAGE));
    this.#pages[page]![index % PAGE] = value;
  }

  add(index: number, delta: number): void {
    this.#pages[Math.floor(index / PAGE) - this.#firstPage]![index % PAGE]! += delta;
  }

  /** Gives back the pages that hold only indexes below `index` (they are never read again). */
  dropBelow(index: number): void {
    const pages = Math.floor(index / PAGE) - this.#firstPage;
    if (pages <= 0) return;
    this.#pages.splice(0, pages);
    this.#firstPage += pages;
  }

  /** Pages held (for tests). */
  get pages(): number {
    return this.#pages.length;
  }
}
