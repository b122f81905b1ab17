import { describe, expect, it } from 'vitest';
import { ReadRoom } from '../src/sync/read-room.js';

/** A part of the pipeline with or without room, whose room the test gives back. */
function gate(room: boolean) {
  const waiters: Array<() => void> = [];
  return {
    room,
    hasRoom() {
      return this.room;
    },
    waitForRoom() {
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    open() {
      this.room = true;
      waiters.splice(0).forEach((resolve) => resolve());
    },
  };
}

const noStates = { waitingStates: 0, waitingBytes: 0 };

describe('the read room with a store of rejected records', () => {
  it('has no room while the store has none, and waits for the store', async () => {
    const engine = gate(true);
    const keeper = gate(false);
    const room = new ReadRoom(engine, noStates, undefined, keeper);
    expect(room.hasRoom()).toBe(false);
    let woke = false;
    const waiting = room.waitForRoom().then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    keeper.open();
    await waiting;
    expect(room.hasRoom()).toBe(true);
  });

  it('has room when the engine, the states and the store all have it', () => {
    expect(new ReadRoom(gate(true), noStates, undefined, gate(true)).hasRoom()).toBe(true);
    expect(new ReadRoom(gate(false), noStates, undefined, gate(true)).hasRoom()).toBe(false);
  });
});
