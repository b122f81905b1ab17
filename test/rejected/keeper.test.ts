import { describe, expect, it, vi } from 'vitest';
import { RejectedStoreError, type ConnectorError } from '../../src/errors.js';
import { RejectedKeeper, type KeeperOptions } from '../../src/rejected/keeper.js';
import type { PartStore, WriteResult } from '../../src/rejected/part-store.js';
import { StateLedger } from '../../src/state/ledger.js';
import type { StateMessage } from '../../src/protocol/messages.js';

/** An in-memory store whose writes the test answers, one at a time. */
class FakeStore implements PartStore {
  readonly where = 'memory';
  readonly files = new Map<string, string>();
  readonly writes: Array<{ path: string; fresh: boolean; answer: (result: WriteResult | Error) => void }> = [];
  auto: WriteResult | Error | undefined = 'written';
  constructor(readonly appendable: boolean) {}
  name(path: string): string {
    return `mem:${path}`;
  }
  write(path: string, text: string, fresh: boolean): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      const answer = (result: WriteResult | Error) => {
        if (result instanceof Error) return reject(result);
        if (result === 'written') this.files.set(path, (fresh ? '' : (this.files.get(path) ?? '')) + text);
        resolve(result);
      };
      if (this.auto !== undefined) {
        const result = this.auto === 'written' && fresh && this.files.has(path) ? 'exists' : this.auto;
        answer(result);
      } else this.writes.push({ path, fresh, answer });
    });
  }
  probe(): Promise<void> {
    return Promise.resolve();
  }
  close(): void {}
}

const STATE = { type: 'STATE', state: { type: 'LEGACY', data: {} } } as unknown as StateMessage;
const received = (data: string) => ({ stream: 's', namespace: null, text: `{"type":"RECORD","record":{"stream":"s","data":${data},"emitted_at":1}}`, bare: false });

function setup(store: FakeStore, options: Partial<KeeperOptions> = {}) {
  const echoed: string[] = [];
  const failures: ConnectorError[] = [];
  const ledger = new StateLedger<string>((payload) => echoed.push(payload));
  const keeper = new RejectedKeeper({
    store,
    ledger,
    syncIdOf: () => '7',
    version: '9.9.9',
    fail: (error) => failures.push(error),
    now: () => Date.UTC(2026, 0, 2),
    retry: { attempts: 3, firstDelayMs: 1 },
    flushDelayMs: 1,
    ...options,
  });
  /** A record read and rejected, kept the way the run does it: kept first, then resolved. */
  const reject = (data: string, line = 1) => {
    const ticket = ledger.recordRead('s', null);
    keeper.keep({ ticket, stream: 's', line }, received(data), 'bad', 'mapping');
    ledger.rejected(ticket);
  };
  return { ledger, keeper, echoed, failures, reject };
}

describe('the keeper of rejected records', () => {
  it('holds the state of a rejected record until the store has the record', async () => {
    const store = new FakeStore(true);
    store.auto = undefined;
    const { ledger, keeper, echoed, reject } = setup(store);
    reject('{"a":1}');
    ledger.stateRead(STATE, 'state-1');
    await vi.waitFor(() => expect(store.writes).toHaveLength(1));
    expect(echoed).toEqual([]);
    store.writes[0]!.answer('written');
    await keeper.drain();
    expect(echoed).toEqual(['state-1']);
    expect(keeper.parts).toEqual([{ name: `mem:7/s/2026_01_02_${Date.UTC(2026, 0, 2)}_0.jsonl`, records: 1 }]);
  });

  it('fails the run after its retries, and the state stays held', async () => {
    const store = new FakeStore(true);
    store.auto = new Error('EACCES');
    const { ledger, keeper, echoed, failures, reject } = setup(store);
    reject('{"a":1}');
    ledger.stateRead(STATE, 'state-1');
    await keeper.drain();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(RejectedStoreError);
    expect(failures[0]!.message).toContain('3 attempts');
    expect(echoed).toEqual([]);
    expect(keeper.unstored).toBe(1);
  });

  it('never overwrites a part that exists: it takes the next part number', async () => {
    const store = new FakeStore(true);
    const at = Date.UTC(2026, 0, 2);
    store.files.set(`7/s/2026_01_02_${at}_0.jsonl`, 'earlier\n');
    const { keeper, reject } = setup(store);
    reject('{"a":1}');
    await keeper.drain();
    expect(store.files.get(`7/s/2026_01_02_${at}_0.jsonl`)).toBe('earlier\n');
    expect(store.files.get(`7/s/2026_01_02_${at}_1.jsonl`)).toContain('"data":{"a":1}');
  });

  it('appends to the open part of a store that can append, and starts a part per write on one that cannot', async () => {
    for (const appendable of [true, false]) {
      const store = new FakeStore(appendable);
      const { keeper, reject } = setup(store);
      reject('{"a":1}', 1);
      await keeper.drain();
      reject('{"a":2}', 2);
      await keeper.drain();
      expect(store.files.size).toBe(appendable ? 1 : 2);
      expect([...store.files.values()].join('').trimEnd().split('\n').map((l) => JSON.parse(l).rejection.input_line)).toEqual([1, 2]);
    }
  });

  it('cuts parts at the byte bound', async () => {
    const store = new FakeStore(true);
    const { keeper, reject } = setup(store, { maxPartBytes: 400 });
    for (let i = 0; i < 5; i++) reject(`{"i":${i}}`, i + 1);
    await keeper.drain();
    expect(store.files.size).toBeGreaterThan(1);
    for (const text of store.files.values()) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(400);
    expect(keeper.parts.reduce((sum, part) => sum + part.records, 0)).toBe(5);
  });

  it('has no room while the bytes waiting for a slow store reach the bound, and room again once stored', async () => {
    const store = new FakeStore(true);
    store.auto = undefined;
    const { keeper, reject } = setup(store, { maxBufferedBytes: 300, flushBytes: 100 });
    reject('{"a":1}');
    expect(keeper.hasRoom()).toBe(true);
    reject('{"a":2}');
    reject('{"a":3}');
    expect(keeper.hasRoom()).toBe(false);
    const room = keeper.waitForRoom();
    await vi.waitFor(() => expect(store.writes).toHaveLength(1));
    store.writes[0]!.answer('written');
    await vi.waitFor(() => expect(store.writes).toHaveLength(2));
    store.writes[1]!.answer('written');
    await room;
    expect(keeper.hasRoom()).toBe(true);
    await keeper.drain();
  });
});
