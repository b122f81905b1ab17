import { describe, expect, it } from 'vitest';
import { editDistance, nearestName, nearestOption } from '../src/config/nearest-name.js';

const KEYS = ['app_id', 'region', 'base_url', 'api_key', 'mappings', 'batch_size', 'max_concurrent_requests', 'events_per_minute'];

describe('nearestName', () => {
  it.each([
    ['one letter changed', 'batch_sise', 'batch_size'],
    ['one letter missing', 'regon', 'region'],
    ['two letters swapped', 'reigon', 'region'],
    ['camelCase', 'batchSize', 'batch_size'],
    ['camelCase and a letter missing', 'apiKy', 'api_key'],
    ['other casing', 'Base_URL', 'base_url'],
    ['dashes for underscores', 'max-concurrent-requests', 'max_concurrent_requests'],
    ['a plural', 'event_per_minute', 'events_per_minute'],
  ])('finds the key for %s', (_title, typo, known) => {
    expect(nearestName(typo, KEYS)).toBe(known);
  });

  it.each([
    ['a name far from every key', 'zork'],
    ['a short name two edits from a short key (as → to)', 'as'],
    ['three edits', 'batch_sizzzz'],
  ])('finds nothing for %s', (_title, typo) => {
    expect(nearestName(typo, [...KEYS, 'to', 'from'])).toBeUndefined();
  });

  it('finds nothing among no names', () => {
    expect(nearestName('region', [])).toBeUndefined();
  });

  it('prefers the nearest of two candidates', () => {
    expect(nearestName('config', ['confix', 'config_'])).toBe('config_');
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['same', 'same', 0],
    ['prot', 'port', 1],
    ['cofnig', 'config', 1],
  ])('from %j to %j is %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('nearestOption', () => {
  const OPTIONS = ['config', 'catalog', 'stream', 'namespace', 'limit', 'help', 'version'];

  it.each([
    ['a typo', 'cofnig', 'config'],
    ['the start of one option', 'conf', 'config'],
    ['the start in another casing', 'Cata', 'catalog'],
  ])('finds the option for %s', (_title, typo, option) => {
    expect(nearestOption(typo, OPTIONS)).toBe(option);
  });

  it.each([
    ['a start shared by two options', 'c'],
    ['a start of two letters', 'co'],
    ['a name far from every option', 'zork'],
  ])('finds nothing for %s', (_title, typo) => {
    expect(nearestOption(typo, OPTIONS)).toBeUndefined();
  });
});
