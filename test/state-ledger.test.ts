import { describe, expect, it } from 'vitest';
import { StateMessage } from '../src/protocol/messages.js';
import { StateLedger } from '../src/state/ledger.js';
import type { DestinationStats } from '../src/state/state-echo.js';

type EchoedState = { type: 'STATE'; state: Record<string, unknown> & { destinationStats: DestinationStats } };

/** A ledger that carries each state's message as its payload and collects what it echoes. */
function ledger() {
  const echoed: EchoedState[] = [];
  const echo = (message: StateMessage, destinationStats: DestinationStats) =>
    echoed.push({ ...message, state: { ...message.state, destinationStats } });
  return { ledger: new StateLedger<StateMessage>(echo), echoed };
}
const read = (l: StateLedger<StateMessage>, message: StateMessage): void => l.stateRead(message, message);

const streamState = (name: string, cursor: number, namespace?: string | null) =>
  StateMessage.parse({
    type: 'STATE',
    state: {
      type: 'STREAM',
      stream: {
        stream_descriptor: namespace === undefined ? { name } : { name, namespace },
        stream_state: { cursor },
      },
    },
  });
const globalState = (cursor: number) =>
  StateMessage.parse({ type: 'STATE', state: { type: 'GLOBAL', global: { shared_state: { cursor }, stream_states: [] } } });
const legacyState = (cursor: number) => StateMessage.parse({ type: 'STATE', state: { data: { cursor } } });

const stats = (recordCount: number, rejectedRecordCount: number) => ({ recordCount, rejectedRecordCount });
const statsOf = (echoed: EchoedState[]) => echoed.map((state) => state.state.destinationStats);
const cursorsOf = (echoed: EchoedState[]) =>
  echoed.map((state) => {
    const inner = state.state as { stream?: { stream_state?: { cursor?: number } }; global?: { shared_state: { cursor: number } }; data?: { cursor: number } };
    return inner.stream?.stream_state?.cursor ?? inner.global?.shared_state.cursor ?? inner.data?.cursor;
  });

describe('StateLedger', () => {
  it('echoes a state with no records before it at once, with zero counts', () => {
    const { ledger: l, echoed } = ledger();
    read(l, streamState('orders', 1));
    expect(statsOf(echoed)).toEqual([stats(0, 0)]);
    expect(l.waitingStates).toBe(0);
  });

  it('echoes states in the order received', () => {
    const { ledger: l, echoed } = ledger();
    read(l, streamState('orders', 1));
    read(l, globalState(2));
    read(l, streamState('users', 3));
    read(l, legacyState(4));
    expect(cursorsOf(echoed)).toEqual([1, 2, 3, 4]);
  });

  it('holds a state until its records are delivered', () => {
    const { ledger: l, echoed } = ledger();
    const first = l.recordRead('orders', undefined);
    const second = l.recordRead('orders', undefined);
    read(l, streamState('orders', 1));
    l.delivered(first);
    expect(echoed).toEqual([]);
    l.delivered(second);
    expect(statsOf(echoed)).toEqual([stats(2, 0)]);
  });

  it('holds a stream state until earlier records of other streams are resolved too', () => {
    const { ledger: l, echoed } = ledger();
    const order = l.recordRead('orders', undefined);
    const user = l.recordRead('users', undefined);
    read(l, streamState('users', 1));
    l.delivered(user);
    expect(echoed).toEqual([]);
    l.delivered(order);
    expect(statsOf(echoed)).toEqual([stats(1, 0)]);
  });

  it('never lets a later state overtake an earlier one whose records resolve last', () => {
    const { ledger: l, echoed } = ledger();
    const early = l.recordRead('orders', undefined);
    read(l, streamState('orders', 1));
    const late = l.recordRead('orders', undefined);
    read(l, streamState('orders', 2));
    l.delivered(late);
    expect(echoed).toEqual([]);
    expect(l.waitingStates).toBe(2);
    l.delivered(early);
    expect(cursorsOf(echoed)).toEqual([1, 2]);
    expect(statsOf(echoed)).toEqual([stats(1, 0), stats(1, 0)]);
  });

  it('never lets a later state of another stream overtake an earlier one', () => {
    const { ledger: l, echoed } = ledger();
    const order = l.recordRead('orders', undefined);
    read(l, streamState('orders', 1));
    const user = l.recordRead('users', undefined);
    read(l, streamState('users', 2));
    l.delivered(user);
    expect(echoed).toEqual([]);
    l.delivered(order);
    expect(cursorsOf(echoed)).toEqual([1, 2]);
  });

  it('does not count records read after a state towards it', () => {
    const { ledger: l, echoed } = ledger();
    const before = l.recordRead('orders', undefined);
    read(l, streamState('orders', 1));
    const after = l.recordRead('orders', undefined);
    l.delivered(after);
    l.delivered(before);
    expect(statsOf(echoed)).toEqual([stats(1, 0)]);
  });

  it('counts rejected records as rejected, not delivered', () => {
    const { ledger: l, echoed } = ledger();
    const tickets = [l.recordRead('orders', undefined), l.recordRead('orders', undefined), l.recordRead('orders', undefined)];
    read(l, streamState('orders', 1));
    l.rejected(tickets[1]!);
    l.delivered(tickets[0]!);
    l.rejected(tickets[2]!);
    expect(statsOf(echoed)).toEqual([stats(1, 2)]);
  });

  it('gives a STREAM state the counts of its own stream only', () => {
    const { ledger: l, echoed } = ledger();
    const tickets = [l.recordRead('orders', undefined), l.recordRead('users', undefined), l.recordRead('orders', undefined)];
    read(l, streamState('orders', 1));
    read(l, streamState('users', 2));
    for (const ticket of tickets) l.delivered(ticket);
    expect(statsOf(echoed)).toEqual([stats(2, 0), stats(1, 0)]);
  });

  it('gives a STREAM state every record of its stream since that stream\'s previous state', () => {
    const { ledger: l, echoed } = ledger();
    const first = l.recordRead('orders', undefined);
    read(l, streamState('users', 1));
    const second = l.recordRead('orders', undefined);
    read(l, streamState('orders', 2));
    l.delivered(first);
    l.rejected(second);
    expect(statsOf(echoed)).toEqual([stats(0, 0), stats(1, 1)]);
  });

  it('shares one ticket among the records of a stream in a segment, and counts each record', () => {
    const { ledger: l, echoed } = ledger();
    const first = l.recordRead('orders', undefined);
    const second = l.recordRead('orders', undefined);
    const user = l.recordRead('users', undefined);
    expect(second).toBe(first);
    expect(user).not.toBe(first);
    read(l, globalState(1));
    const next = l.recordRead('orders', undefined);
    expect(next).not.toBe(first);
    read(l, globalState(2));
    l.delivered(next);
    l.delivered(first);
    l.delivered(user);
    expect(echoed).toEqual([]);
    l.rejected(second);
    expect(statsOf(echoed)).toEqual([stats(2, 1), stats(1, 0)]);
    expect(l.unresolvedRecords).toBe(0);
  });

  it('gives a STREAM state zero counts for a stream with no records', () => {
    const { ledger: l, echoed } = ledger();
    l.delivered(l.recordRead('orders', undefined));
    read(l, streamState('users', 1));
    expect(statsOf(echoed)).toEqual([stats(0, 0)]);
  });

  it('tells streams of the same name in different namespaces apart', () => {
    const { ledger: l, echoed } = ledger();
    l.delivered(l.recordRead('orders', 'shop'));
    l.delivered(l.recordRead('orders', 'shop'));
    l.delivered(l.recordRead('orders', 'archive'));
    l.delivered(l.recordRead('orders', undefined));
    read(l, streamState('orders', 1, 'shop'));
    read(l, streamState('orders', 2, 'archive'));
    read(l, streamState('orders', 3));
    expect(statsOf(echoed)).toEqual([stats(2, 0), stats(1, 0), stats(1, 0)]);
  });

  it('counts records with a null namespace for a state whose namespace is null', () => {
    const { ledger: l, echoed } = ledger();
    l.delivered(l.recordRead('orders', null));
    l.delivered(l.recordRead('orders', undefined));
    read(l, streamState('orders', 1, null));
    expect(statsOf(echoed)).toEqual([stats(2, 0)]);
  });

  it('keeps a null namespace in the echoed state', () => {
    const { ledger: l, echoed } = ledger();
    read(l, streamState('orders', 1, null));
    expect((echoed[0]!.state as StateMessage['state']).stream!.stream_descriptor).toEqual({ name: 'orders', namespace: null });
  });

  it('gives a GLOBAL state the counts over all streams', () => {
    const { ledger: l, echoed } = ledger();
    l.delivered(l.recordRead('orders', undefined));
    l.rejected(l.recordRead('users', undefined));
    l.delivered(l.recordRead('users', 'crm'));
    read(l, globalState(1));
    expect(statsOf(echoed)).toEqual([stats(2, 1)]);
  });

  it('gives a LEGACY state the counts over all streams', () => {
    const { ledger: l, echoed } = ledger();
    l.delivered(l.recordRead('orders', undefined));
    l.delivered(l.recordRead('users', undefined));
    read(l, legacyState(1));
    expect(statsOf(echoed)).toEqual([stats(2, 0)]);
  });

  it('starts a GLOBAL state\'s counts after the previous GLOBAL state', () => {
    const { ledger: l, echoed } = ledger();
    l.delivered(l.recordRead('orders', undefined));
    read(l, globalState(1));
    l.delivered(l.recordRead('users', undefined));
    l.delivered(l.recordRead('orders', undefined));
    l.delivered(l.recordRead('orders', undefined));
    read(l, globalState(2));
    expect(statsOf(echoed)).toEqual([stats(1, 0), stats(3, 0)]);
  });

  it('echoes a state exactly as received, unknown fields included, plus destinationStats', () => {
    const { ledger: l, echoed } = ledger();
    const message = StateMessage.parse({
      type: 'STATE',
      id: 42,
      state: {
        type: 'STREAM',
        id: 'state-7',
        stream: { stream_descriptor: { name: 'orders', namespace: null }, stream_state: { cursor: '2024-05-01' } },
        sourceStats: { recordCount: 1 },
      },
    });
    l.delivered(l.recordRead('orders', null));
    read(l, message);
    expect(echoed).toEqual([
      {
        type: 'STATE',
        id: 42,
        state: {
          type: 'STREAM',
          id: 'state-7',
          stream: { stream_descriptor: { name: 'orders', namespace: null }, stream_state: { cursor: '2024-05-01' } },
          sourceStats: { recordCount: 1 },
          destinationStats: { recordCount: 1, rejectedRecordCount: 0 },
        },
      },
    ]);
  });

  it('does not change the state message it was given', () => {
    const { ledger: l } = ledger();
    const message = legacyState(1);
    const copy = structuredClone(message);
    read(l, message);
    expect(message).toEqual(copy);
  });

  it('counts records read but not yet resolved', () => {
    const { ledger: l } = ledger();
    const first = l.recordRead('orders', undefined);
    l.recordRead('users', undefined);
    read(l, globalState(1));
    l.recordRead('orders', undefined);
    l.delivered(first);
    expect(l.unresolvedRecords).toBe(2);
  });
  describe('a held segment', () => {
    it('keeps its state, and every later one, from being echoed once its records are resolved', () => {
      const { ledger: l, echoed } = ledger();
      const before = l.recordRead('orders', undefined);
      read(l, streamState('orders', 1));
      const bad = l.recordRead('orders', undefined);
      l.hold(bad);
      l.rejected(bad);
      read(l, streamState('orders', 2));
      read(l, streamState('orders', 3));
      l.delivered(before);
      expect(cursorsOf(echoed)).toEqual([1]);
      expect(l.waitingStates).toBe(2);
    });

    it('holds a state already read when the hold comes before the record is resolved (an answer from Heap after the state)', () => {
      const { ledger: l, echoed } = ledger();
      const refused = l.recordRead('orders', undefined);
      read(l, streamState('orders', 1));
      l.hold(refused);
      l.rejected(refused);
      expect(echoed).toEqual([]);
    });

    it('echoes its state and the later ones, with their counts, once released', () => {
      const { ledger: l, echoed } = ledger();
      const suspect = l.recordRead('orders', undefined);
      l.hold(suspect);
      l.rejected(suspect);
      read(l, streamState('orders', 1));
      const good = l.recordRead('orders', undefined);
      read(l, streamState('orders', 2));
      l.delivered(good);
      expect(echoed).toEqual([]);
      l.release(suspect);
      expect(cursorsOf(echoed)).toEqual([1, 2]);
      expect(statsOf(echoed)).toEqual([stats(0, 1), stats(1, 0)]);
    });

    it('waits for its records even once released', () => {
      const { ledger: l, echoed } = ledger();
      const first = l.recordRead('orders', undefined);
      const second = l.recordRead('orders', undefined);
      l.hold(first);
      l.rejected(first);
      read(l, streamState('orders', 1));
      l.release(first);
      expect(echoed).toEqual([]);
      l.delivered(second);
      expect(statsOf(echoed)).toEqual([stats(1, 1)]);
    });
  });
});
