/**
 * Places trie states into a double array: state s's child on code c sits at
 * slot `base[s] + c`, and `check` of that slot holds s, so a transition is
 * two reads. Placement is first fit over a linked list of free slots, states
 * in breadth-first order so the shallow states that most characters visit
 * share the first few cache lines.
 */
import type { Steps } from './steps.js';
import type { Trie } from './trie.js';
import { grow } from './typedArrays.js';

export interface Placement {
  /** slot[node] = where the node's state lives. */
  slot: Int32Array;
  base: Int32Array;
  /** check[slot] = the parent's slot; -1 for a free slot, -2 for the root's. */
  check: Int32Array;
}

const FREE = -1;
const ROOT = -2;
/** Nodes with this many children or more start looking where the last such node went, not at the dense front they rarely fit in. */
const WIDE = 32;

class Slots {
  base: Int32Array;
  check: Int32Array;
  private nextFree: Int32Array;
  private prevFree: Int32Array;
  /** First free slot; `capacity` means none below the end. */
  head = 1;
  /** Last free slot, -1 when none. */
  private tail: number;
  /** One past the highest slot in use. */
  used = 1;

  constructor(public capacity: number) {
    this.base = new Int32Array(capacity);
    this.check = new Int32Array(capacity).fill(FREE);
    this.check[0] = ROOT;
    this.nextFree = new Int32Array(capacity);
    this.prevFree = new Int32Array(capacity);
    for (let i = 1; i < capacity; i++) {
      this.nextFree[i] = i + 1;
      this.prevFree[i] = i - 1;
    }
    this.prevFree[1] = -1;
    this.tail = capacity - 1;
  }

  next(slot: number): number {
    return slot >= this.capacity ? slot + 1 : this.nextFree[slot]!;
  }

  isFree(slot: number): boolean {
    return slot >= this.capacity || this.check[slot] === FREE;
  }

  grow(size: number): void {
    if (size <= this.capacity) return;
    const capacity = Math.max(size, this.capacity * 2);
    this.base = grow(this.base, new Int32Array(capacity));
    this.check = grow(this.check, new Int32Array(capacity).fill(FREE));
    this.nextFree = grow(this.nextFree, new Int32Array(capacity));
    this.prevFree = grow(this.prevFree, new Int32Array(capacity));
    for (let i = this.capacity; i < capacity; i++) {
      this.nextFree[i] = i + 1;
      this.prevFree[i] = i - 1;
    }
    // The old list ended at the old capacity, which is now the first of the new free slots.
    this.prevFree[this.capacity] = this.tail;
    this.tail = capacity - 1;
    this.capacity = capacity;
  }

  take(slot: number, parent: number): void {
    this.grow(slot + 1);
    const prev = this.prevFree[slot]!;
    const next = this.nextFree[slot]!;
    if (prev < 0) this.head = next;
    else this.nextFree[prev] = next;
    if (next >= this.capacity) this.tail = prev;
    else this.prevFree[next] = prev;
    this.check[slot] = parent;
    if (slot >= this.used) this.used = slot + 1;
  }
}

/** Candidate positions tried between pauses (a wide alphabet makes a few states try thousands). */
const TRIES_PER_STEP = 65536;

/** `nodeCode[j]` is the code on the edge into trie node j. */
export function* placeStates(trie: Trie, nodeCode: Int32Array, alphabetSize: number): Steps<Placement> {
  // Tight at first, so growing is the ordinary path and is exercised by every large lexicon.
  const slots = new Slots(trie.size + 1);
  const slot = new Int32Array(trie.size);
  const scratch = new Int32Array(alphabetSize + 1);
  let wideFrom = 1;
  let tries = 0;
  for (let i = 0; i < trie.size; i++) {
    if (tries >= TRIES_PER_STEP) {
      tries = 0;
      yield;
    }
    const count = trie.childCount[i]!;
    if (count === 0) continue;
    const from = trie.firstChild[i]!;
    const codes = scratch.subarray(0, count);
    for (let j = 0; j < count; j++) codes[j] = nodeCode[from + j]!;
    codes.sort();
    const first = codes[0]!;
    let free = count >= WIDE ? Math.max(wideFrom, slots.head) : slots.head;
    while (!slots.isFree(free)) free++;
    // First fit: the arrays stay dense, which is what keeps the states text visits in few cache lines.
    for (; ; free = slots.next(free)) {
      tries++;
      const base = free - first;
      if (base < 0) continue;
      let fits = true;
      for (let j = 1; j < count && fits; j++) fits = slots.isFree(base + codes[j]!);
      if (fits) break;
    }
    const base = free - first;
    if (count >= WIDE) wideFrom = free;
    const parent = slot[i]!;
    slots.grow(base + codes[count - 1]! + 1);
    slots.base[parent] = base;
    for (let j = 0; j < count; j++) {
      const child = from + j;
      slot[child] = base + nodeCode[child]!;
      slots.take(slot[child]!, parent);
    }
  }
  // Every state's lookup of any code must stay inside the arrays.
  yield;
  let maxBase = 0;
  for (let s = 0; s < slots.used; s++) maxBase = Math.max(maxBase, slots.base[s]!);
  const size = Math.max(slots.used, maxBase + alphabetSize + 1);
  slots.grow(size);
  yield;
  const base = slots.base.slice(0, size);
  yield;
  return { slot, base, check: slots.check.slice(0, size) };
}
