/**
 * docs/heap.md, "Values": Heap accepts only numbers and strings of fewer than 1024 characters;
 * everything else is converted (or left out) before it is sent. Each record carries one value
 * under test next to `seq`, which identifies its event in the sandbox.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import type { ConnectorResult } from './harness/connector.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, echoOf, record, streamState, type JsonObject } from './harness/protocol.js';
import { eventWith, useSandbox, type Sandbox } from './harness/sandbox.js';

const cases: { title: string; data: JsonObject; expected: JsonObject; absent?: string[] }[] = [
  { title: 'a number stays a number', data: { n: 42.5 }, expected: { n: 42.5 } },
  { title: 'zero stays the number 0', data: { n: 0 }, expected: { n: 0 } },
  { title: 'a negative integer stays a number', data: { n: -7 }, expected: { n: -7 } },
  { title: 'a string stays a string', data: { s: 'hello' }, expected: { s: 'hello' } },
  { title: 'true becomes "true"', data: { b: true }, expected: { b: 'true' } },
  { title: 'false becomes "false"', data: { b: false }, expected: { b: 'false' } },
  { title: 'null is left out', data: { gone: null }, expected: {}, absent: ['gone'] },
  { title: 'a nested object is flattened to dot keys', data: { a: { b: 1 } }, expected: { 'a.b': 1 }, absent: ['a'] },
  { title: 'deep nesting is flattened to a dot path', data: { a: { b: { c: 'x' } } }, expected: { 'a.b.c': 'x' } },
  { title: 'a null inside a nested object is left out', data: { a: { b: null, c: 2 } }, expected: { 'a.c': 2 }, absent: ['a.b'] },
  { title: 'an array of strings is joined with ||', data: { tags: ['a', 'b', 'c'] }, expected: { tags: 'a||b||c' } },
  { title: 'an array of numbers is joined with ||', data: { ns: [1, 2.5, 3] }, expected: { ns: '1||2.5||3' } },
  { title: 'nulls inside an array are skipped', data: { tags: ['a', null, 'b'] }, expected: { tags: 'a||b' } },
  { title: 'an empty array is left out', data: { tags: [] }, expected: {}, absent: ['tags'] },
  { title: 'an array of objects becomes its JSON text', data: { items: [{ x: 1 }, { x: 2 }] }, expected: { items: '[{"x":1},{"x":2}]' } },
  { title: 'a string of 1023 characters is kept whole', data: { s: 'a'.repeat(1023) }, expected: { s: 'a'.repeat(1023) } },
  { title: 'a string of 1024 characters is cut to 1023', data: { s: 'b'.repeat(1024) }, expected: { s: 'b'.repeat(1023) } },
  { title: 'a long string keeps its first 1023 characters', data: { s: `${'c'.repeat(1000)}${'d'.repeat(5000)}` }, expected: { s: `${'c'.repeat(1000)}${'d'.repeat(23)}` } },
  { title: 'a joined array longer than 1023 characters is cut to 1023', data: { tags: Array(300).fill('abcd') }, expected: { tags: Array(300).fill('abcd').join('||').slice(0, 1023) } },
  { title: 'a key of 1023 characters is kept', data: { ['k'.repeat(1023)]: 1 }, expected: { ['k'.repeat(1023)]: 1 } },
  { title: 'a key of 1024 characters is left out', data: { ['k'.repeat(1024)]: 1, other: 2 }, expected: { other: 2 }, absent: ['k'.repeat(1024)] },
  { title: 'a literal dotted key wins over the same flattened path', data: { 'a.b': 'literal', a: { b: 'nested' } }, expected: { 'a.b': 'literal' } },
];

describe('property values', () => {
  let sandbox: Sandbox;
  let result: ConnectorResult;
  const state = streamState('values', {});

  beforeAll(async () => {
    sandbox = await useSandbox();
    const input = [...cases.map((c, i) => record('values', { user_id: `u${i}`, seq: i, ...c.data })), state];
    const config = heapConfig(sandbox, { mappings: [eventsMapping('values')] });
    result = await runWrite({ config, catalog: catalog('values'), input });
  });

  it('delivers every record (value conversion never rejects), exit 0', () => {
    expectClean(result);
    expect(result.states).toEqual([echoOf(state, cases.length, 0)]);
  });

  cases.forEach((c, i) => {
    it(c.title, () => {
      const properties = eventWith(sandbox, 'seq', i)?.properties;
      expect(properties).toEqual({ seq: i, ...c.expected });
      for (const key of c.absent ?? []) expect(properties).not.toHaveProperty([key]);
    });
  });
});
