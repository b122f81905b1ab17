import { describe, expect, it } from 'vitest';
import { fileName, partPath, segment, underPrefix } from '../../src/rejected/part-name.js';

const OPENED = Date.UTC(2026, 11, 7, 15, 6, 7, 89);

describe('part names', () => {
  it('are DATE_TIMESTAMP_PART.jsonl: the UTC day, the epoch ms, the part number', () => {
    expect(fileName(OPENED, 0)).toBe(`2026_12_07_${OPENED}_0.jsonl`);
    expect(fileName(Date.UTC(2027, 0, 1, 0, 0, 0, 0) - 1, 12)).toBe(`2026_12_31_${Date.UTC(2027, 0, 1) - 1}_12.jsonl`);
  });

  it('lay a part out as SYNC_ID/NAMESPACE/STREAM/FILE', () => {
    expect(partPath({ syncId: '42', namespace: 'public', stream: 'users', openedAt: OPENED, part: 3 })).toBe(`42/public/users/2026_12_07_${OPENED}_3.jsonl`);
  });

  it('leave the NAMESPACE segment out for a record without a namespace (null, absent or empty)', () => {
    for (const namespace of [null, undefined, '']) {
      expect(partPath({ syncId: '42', namespace, stream: 'users', openedAt: OPENED, part: 0 })).toBe(`42/users/2026_12_07_${OPENED}_0.jsonl`);
    }
  });

  it.each([
    ['a/b', 'a%2Fb'],
    ['..', '%2E%2E'],
    ['.', '%2E'],
    ['', '%00'],
    ['naïve space', 'na%C3%AFve%20space'],
    ['back\\slash', 'back%5Cslash'],
    ['ok_name-1.2', 'ok_name-1.2'],
  ])('make the source name %j one safe segment, %j', (name, encoded) => {
    expect(segment(name)).toBe(encoded);
  });

  it.each([
    [undefined, 'a/b.jsonl'],
    ['', 'a/b.jsonl'],
    ['heap/rejected', 'heap/rejected/a/b.jsonl'],
    ['/heap/rejected/', 'heap/rejected/a/b.jsonl'],
  ])('put a part under the bucket path %j', (prefix, path) => {
    expect(underPrefix(prefix, 'a/b.jsonl')).toBe(path);
  });
});
