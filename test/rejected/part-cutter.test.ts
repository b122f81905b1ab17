import { describe, expect, it } from 'vitest';
import { cutParts } from '../../src/rejected/part-cutter.js';

describe('part cutting', () => {
  it('starts a part when none is open', () => {
    expect(cutParts(undefined, [10, 10], 100)).toEqual([{ fresh: true, count: 2, bytes: 20 }]);
  });

  it('goes on in the open part while it has room', () => {
    expect(cutParts(50, [10, 10], 100)).toEqual([{ fresh: false, count: 2, bytes: 20 }]);
  });

  it('cuts a new part at the bound, never past it', () => {
    expect(cutParts(90, [10, 10, 60, 40, 1], 100)).toEqual([
      { fresh: false, count: 1, bytes: 10 },
      { fresh: true, count: 2, bytes: 70 },
      { fresh: true, count: 2, bytes: 41 },
    ]);
  });

  it('fills a part exactly to the bound', () => {
    expect(cutParts(undefined, [50, 50, 1], 100)).toEqual([
      { fresh: true, count: 2, bytes: 100 },
      { fresh: true, count: 1, bytes: 1 },
    ]);
  });

  it('puts a line larger than the bound alone in a part of its own', () => {
    expect(cutParts(10, [500, 5], 100)).toEqual([
      { fresh: true, count: 1, bytes: 500 },
      { fresh: true, count: 1, bytes: 5 },
    ]);
  });

  it('plans nothing for no lines', () => {
    expect(cutParts(10, [], 100)).toEqual([]);
  });
});
