import { describe, expect, it } from 'vitest';
import type { ConnectorError } from '../src/errors.js';
import { StateMessage } from '../src/protocol/messages.js';
import { StateLedger } from '../src/state/ledger.js';
import { BrokenMappingWatch, NoMessagesWatch } from '../src/sync/broken-mapping.js';

const state = StateMessage.parse({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 's' } } } });

/** A ledger, a watch firing after `threshold` alike rejections, and what each let out. */
function setup(threshold: number) {
  const echoed: number[] = [];
  const failures: ConnectorError[] = [];
  let states = 0;
  const ledger = new StateLedger<number>((payload) => echoed.push(payload));
  const watch = new BrokenMappingWatch(ledger, (error) => failures.push(error), threshold);
  const reject = (category: string, stream = 's') => {
    const ticket = ledger.recordRead(stream, undefined);
    watch.rejected({ ticket, stream, line: 1 }, `identity_field "user_id" is ${category}`, category);
    ledger.rejected(ticket);
  };
  const stateRead = () => ledger.stateRead(state, (states += 1));
  return { ledger, watch, echoed, failures, reject, stateRead };
}

describe('BrokenMappingWatch', () => {
  it('fails once a stream’s first records are all rejected for one reason, and keeps their states', () => {
    const { echoed, failures, reject, stateRead, watch } = setup(3);
    for (let i = 0; i < 3; i += 1) {
      reject('missing');
      stateRead();
    }
    watch.settle();
    expect(failures.map((error) => error.code)).toEqual(['BROKEN_MAPPING']);
    expect(failures[0]!.message).toContain('"s"');
    expect(echoed).toEqual([]);
  });

  it('holds the states while undecided and releases them when a record of the stream maps', () => {
    const { echoed, failures, reject, stateRead, watch } = setup(3);
    reject('missing');
    stateRead();
    reject('missing');
    stateRead();
    expect(echoed).toEqual([]);
    watch.mapped('s');
    expect(echoed).toEqual([1, 2]);
    reject('missing');
    reject('missing');
    expect(failures).toEqual([]);
  });

  it('lets a rejection of another reason clear the stream', () => {
    const { echoed, failures, reject, stateRead } = setup(3);
    reject('missing');
    reject('missing');
    reject('wrong type');
    reject('missing');
    stateRead();
    expect(failures).toEqual([]);
    expect(echoed).toEqual([1]);
  });

  it('never fires for a stream with fewer records than the threshold: the end of input releases its states', () => {
    const { echoed, failures, reject, stateRead, watch } = setup(3);
    reject('missing');
    reject('missing');
    stateRead();
    expect(echoed).toEqual([]);
    watch.settle();
    expect(echoed).toEqual([1]);
    expect(failures).toEqual([]);
  });
});

describe('NoMessagesWatch', () => {
  it('fails after the threshold of lines without an AirbyteMessage, pointing at send', () => {
    const failures: ConnectorError[] = [];
    const watch = new NoMessagesWatch((error) => failures.push(error), 3);
    for (let i = 0; i < 5; i += 1) watch.line(false);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message).toContain('destination-heap send --config FILE --stream NAME');
  });

  it('never fires once one AirbyteMessage came first', () => {
    const failures: ConnectorError[] = [];
    const watch = new NoMessagesWatch((error) => failures.push(error), 3);
    watch.line(true);
    for (let i = 0; i < 5; i += 1) watch.line(false);
    expect(failures).toEqual([]);
  });
});
