import { describe, expect, it } from 'vitest';
import { echoStateText } from '../src/state/state-echo.js';

const stats = { recordCount: 2, rejectedRecordCount: 0 };
const STATS = '"destinationStats":{"recordCount":2.0,"rejectedRecordCount":0.0}';

describe('echoStateText', () => {
  it.each([
    [
      'a STREAM state with a 20-digit cursor and 1.0',
      '{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"s"},"stream_state":{"id":12345678901234567890,"v":1.0}}}}',
      `{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"s"},"stream_state":{"id":12345678901234567890,"v":1.0}},${STATS}}}`,
    ],
    [
      'a GLOBAL state with an lsn above 2^53',
      '{"type":"STATE","state":{"type":"GLOBAL","global":{"shared_state":{"lsn":9007199254740993},"stream_states":[]}}}',
      `{"type":"STATE","state":{"type":"GLOBAL","global":{"shared_state":{"lsn":9007199254740993},"stream_states":[]},${STATS}}}`,
    ],
    ['an empty state object', '{"type":"STATE","state":{}}', `{"type":"STATE","state":{${STATS}}}`],
    [
      'whitespace, escapes and unknown fields kept as written',
      '{ "type" : "STATE" , "id": 1e2, "state" : { "data" : { "k\\"}" : "v\\\\" , "e": -0.0E+0 } , "sourceStats": {"recordCount": 2.0} } }',
      `{ "type" : "STATE" , "id": 1e2, "state" : { "data" : { "k\\"}" : "v\\\\" , "e": -0.0E+0 } , "sourceStats": {"recordCount": 2.0} ,${STATS}} }`,
    ],
    [
      'the last "state" member of duplicates (the one JSON.parse reads)',
      '{"type":"STATE","state":{"a":1},"state":{"b":2}}',
      `{"type":"STATE","state":{"a":1},"state":{"b":2,${STATS}}}`,
    ],
    [
      'a destinationStats already there is replaced, not repeated',
      '{"type":"STATE","state":{"destinationStats":{"recordCount":9.0},"data":{"x":[1,{"destinationStats":1}]},"destinationStats":7}}',
      `{"type":"STATE","state":{"data":{"x":[1,{"destinationStats":1}]},${STATS}}}`,
    ],
    [
      'an escaped destinationStats key is replaced too',
      '{"type":"STATE","state":{"destination\\u0053tats":1}}',
      `{"type":"STATE","state":{${STATS}}}`,
    ],
  ])('%s', (_title, input, output) => {
    expect(echoStateText(input, stats)).toBe(output);
    expect(JSON.parse(output).state.destinationStats).toEqual(stats);
  });

  it('writes counts with a decimal point', () => {
    expect(echoStateText('{"type":"STATE","state":{}}', { recordCount: 1234, rejectedRecordCount: 5 })).toBe(
      '{"type":"STATE","state":{"destinationStats":{"recordCount":1234.0,"rejectedRecordCount":5.0}}}',
    );
  });

  it('echoes a state nested 300,000 levels deep', () => {
    const depth = 300_000;
    const deep = `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
    const input = `{"type":"STATE","state":{"type":"LEGACY","data":${deep}}}`;
    expect(echoStateText(input, stats)).toBe(`{"type":"STATE","state":{"type":"LEGACY","data":${deep},${STATS}}}`);
  });
});
