/**
 * Contract §5: a STATE is echoed exactly as received, every number with its exact text
 * (`12345678901234567890`, a GLOBAL `lsn` above 2^53, `1.0`), adding only destinationStats with
 * counts written with a decimal point; a destinationStats already there is replaced. Asserted on
 * stdout's raw lines, since parsing them as JavaScript numbers would hide exactly this.
 */
import { describe, expect, it } from 'vitest';
import { expectClean } from './harness/checks.js';
import { runWrite } from './harness/commands.js';
import { eventsMapping, heapConfig } from './harness/config.js';
import { catalog, record } from './harness/protocol.js';
import { useSandbox } from './harness/sandbox.js';

const stateLines = (stdout: string) => stdout.split('\n').filter((line) => line.includes('"type":"STATE"'));
const stats = (recordCount: number, rejected = 0) =>
  `"destinationStats":{"recordCount":${recordCount}.0,"rejectedRecordCount":${rejected}.0}`;

describe('state echo keeps the exact text', () => {
  it('of big integers, 1.0, unknown fields; an existing destinationStats is replaced', async () => {
    const sandbox = await useSandbox();
    const streamStateText =
      '{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"events"},"stream_state":{"id":12345678901234567890,"version":1.0,"ratio":2.50,"tiny":1e-7}},"id":9007199254740993,"sourceStats":{"recordCount":2.0}}}';
    const globalStateText =
      '{"type":"STATE","state":{"type":"GLOBAL","global":{"shared_state":{"lsn":9007199254740993,"txid":18446744073709551615},"stream_states":[{"stream_descriptor":{"name":"events","namespace":null},"stream_state":{"lsn":9007199254740995}}]},"destinationStats":{"recordCount":99.0,"rejectedRecordCount":99.0}}}';
    const input = [
      record('events', { user_id: 'u1' }),
      record('events', { user_id: 'u2' }),
      streamStateText,
      record('events', { user_id: 'u3' }),
      globalStateText,
    ];
    const config = heapConfig(sandbox, { mappings: [eventsMapping('events')] });
    const result = await runWrite({ config, catalog: catalog('events'), input });
    expectClean(result);
    expect(stateLines(result.stdoutRaw)).toEqual([
      `${streamStateText.slice(0, -2)},${stats(2)}}}`,
      globalStateText.replace('"destinationStats":{"recordCount":99.0,"rejectedRecordCount":99.0}', stats(3)),
    ]);
  });

  it('of a state nested 300,000 levels deep', async () => {
    const sandbox = await useSandbox();
    const depth = 300_000;
    const deep = `${'{"a":['.repeat(depth)}9007199254740993${']}'.repeat(depth)}`;
    const deepState = `{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"events"},"stream_state":${deep}}}}`;
    const config = heapConfig(sandbox, { mappings: [eventsMapping('events')] });
    const result = await runWrite({ config, catalog: catalog('events'), input: [record('events', { user_id: 'u1' }), deepState] });
    expectClean(result);
    expect(stateLines(result.stdoutRaw)).toEqual([`${deepState.slice(0, -2)},${stats(1)}}}`]);
  });
});
