import { describe, expect, it } from 'vitest';
import { KeyedSlidingWindows } from '../src/delivery/keyed-sliding-windows.js';
import { PagedColumn } from '../src/delivery/paged-column.js';

describe('PagedColumn', () => {
  it('reads back what was set across many pages, as int32 or float64', () => {
    const ints = new PagedColumn('int32');
    const doubles = new PagedColumn('float64');
    for (let i = 0; i < 20_000; i++) {
      ints.set(i, i * 3);
      doubles.set(i, i + 0.5);
    }
    expect([ints.get(0), ints.get(4095), ints.get(4096), ints.get(19_999)]).toEqual([0, 12_285, 12_288, 59_997]);
    expect([doubles.get(4096), doubles.get(19_999)]).toEqual([4096.5, 19_999.5]);
    ints.add(4096, -8);
    expect(ints.get(4096)).toBe(12_280);
  });

  it('grows a page at a time', () => {
    const column = new PagedColumn('int32');
    column.set(0, 1);
    expect(column.pages).toBe(1);
    column.set(4096 * 3 - 1, 1);
    expect(column.pages).toBe(3);
  });

  it('gives back the pages below an index, and still reads those above it', () => {
    const column = new PagedColumn('float64');
    for (let i = 0; i < 4096 * 4; i++) column.set(i, i);
    column.dropBelow(4096 * 2 + 10);
    expect(column.pages).toBe(2);
    expect(column.get(4096 * 2 + 10)).toBe(4096 * 2 + 10);
    expect(column.get(4096 * 4 - 1)).toBe(4096 * 4 - 1);
    column.set(4096 * 4, 7);
    expect(column.get(4096 * 4)).toBe(7);
  });
});

describe('KeyedSlidingWindows memory', () => {
  it('forgets every key and gives back the entry pages once the window has passed', () => {
    const windows = new KeyedSlidingWindows(10, 1_000);
    for (let i = 0; i < 50_000; i++) windows.take(`user-${i}`, 1, i / 100);
    expect(windows.size).toBeGreaterThan(49_990);
    expect(windows.entryPages).toBeGreaterThan(10);
    expect(windows.available('user-1', 10_000)).toBe(10);
    expect(windows.size).toBe(0);
    expect(windows.entryPages).toBeLessThanOrEqual(1);
  });
});
