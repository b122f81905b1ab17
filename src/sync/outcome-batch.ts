/**
 * Line outcomes packed for the trip from the mapping thread (mapping-thread.ts) to the main
 * thread (mapped-lines.ts). Copying between threads costs per object and per property, so a
 * batch of mapped records travels as a few flat arrays and two long strings (every item's JSON
 * text, every item's key) instead of one object per line; anything else (states, rejections,
 * invalid lines) travels as it is. The main thread takes each item's text as a slice of the long
 * string.
 */
import type { Endpoint, ValueAdjustments } from '../mapping/types.js';
import type { LineOutcome, RecordSource } from './map-line.js';

export interface OutcomeBatch {
  /** Per line, in input order: its number, its length, and `slots` (see `OutcomePacker.add`). */
  numbers: number[];
  sizes: number[];
  slots: number[];
  /** Outcomes other than `mapped`, as they are. */
  others: LineOutcome[];
  /** Where the mapped records come from (stream, namespace, endpoint). */
  sources: (RecordSource & { endpoint: Endpoint })[];
  /** The mapped items' JSON texts end to end, and where each ends. */
  texts: string;
  textEnds: number[];
  /** The mapped items' keys end to end, and where each ends. */
  keys: string;
  keyEnds: number[];
  /** Adjustments of the mapped items that had any: [item index, adjustments]. */
  adjusted: [number, ValueAdjustments][];
}

export class OutcomePacker {
  #batch = emptyBatch();
  #sourceIndex = new Map<string, number>();
  #mapped = 0;

  get length(): number {
    return this.#batch.numbers.length;
  }

  add(number: number, size: number, outcome: LineOutcome): void {
    const batch = this.#batch;
    batch.numbers.push(number);
    batch.sizes.push(size);
    if (outcome.kind !== 'mapped') {
      // An index into `others`: zero or more.
      batch.slots.push(batch.others.length);
      batch.others.push(outcome);
      return;
    }
    // A mapped record: -1 - the index of its source.
    batch.slots.push(-1 - this.#source(outcome));
    batch.texts += outcome.json;
    batch.textEnds.push(batch.texts.length);
    batch.keys += outcome.key;
    batch.keyEnds.push(batch.keys.length);
    if (outcome.adjustments !== undefined) batch.adjusted.push([this.#mapped, outcome.adjustments]);
    this.#mapped += 1;
  }

  /** The batch so far; the packer starts a new one. */
  take(): OutcomeBatch {
    const batch = this.#batch;
    this.#batch = emptyBatch();
    this.#sourceIndex.clear();
    this.#mapped = 0;
    return batch;
  }

  #source(outcome: RecordSource & { endpoint: Endpoint }): number {
    const id = `${outcome.endpoint}\u0000${outcome.namespace ?? '\u0001'}\u0000${outcome.stream}`;
    let index = this.#sourceIndex.get(id);
    if (index === undefined) {
      index = this.#batch.sources.length;
      this.#batch.sources.push({ stream: outcome.stream, namespace: outcome.namespace, endpoint: outcome.endpoint });
      this.#sourceIndex.set(id, index);
    }
    return index;
  }
}

/** Calls `each` with every line of `batch`, in order. */
export function unpackOutcomes(batch: OutcomeBatch, each: (number: number, size: number, outcome: LineOutcome) => void): void {
  const { numbers, sizes, slots, others, sources, texts, textEnds, keys, keyEnds } = batch;
  const adjusted = new Map(batch.adjusted);
  let item = 0;
  for (let i = 0; i < numbers.length; i++) {
    const slot = slots[i]!;
    if (slot >= 0) {
      each(numbers[i]!, sizes[i]!, others[slot]!);
      continue;
    }
    const source = sources[-1 - slot]!;
    const outcome: LineOutcome = {
      kind: 'mapped',
      stream: source.stream,
      namespace: source.namespace,
      endpoint: source.endpoint,
      json: texts.slice(item === 0 ? 0 : textEnds[item - 1], textEnds[item]),
      key: keys.slice(item === 0 ? 0 : keyEnds[item - 1], keyEnds[item]),
      adjustments: adjusted.get(item),
    };
    item += 1;
    each(numbers[i]!, sizes[i]!, outcome);
  }
}

function emptyBatch(): OutcomeBatch {
  return { numbers: [], sizes: [], slots: [], others: [], sources: [], texts: '', textEnds: [], keys: '', keyEnds: [], adjusted: [] };
}
