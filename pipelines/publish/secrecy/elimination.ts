// Exact sparse Gauss-Jordan elimination over the integers: which unknowns a set of sums pins down.

export interface Arith<T> {
  zero: T;
  one: T;
  isZero(a: T): boolean;
  isUnit(a: T): boolean;
  /** a*x - b*y */
  combine(a: T, x: T, b: T, y: T): T;
  gcd(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  /** whether a may be stored and combined again exactly */
  fits(a: T): boolean;
}

export const OVERFLOW = new Error('overflow');
// Stored numbers stay below 2^26, so a*x - b*y stays below 2^53: exact in a double.
const LIMIT = 2 ** 26;
export const numbers: Arith<number> = {
  zero: 0,
  one: 1,
  isZero: (a) => a === 0,
  isUnit: (a) => a === 1 || a === -1,
  combine: (a, x, b, y) => a * x - b * y,
  gcd: (a, b) => {
    a = Math.abs(a);
    b = Math.abs(b);
    while (b) {
      const t = a % b;
      a = b;
      b = t;
    }
    return a;
  },
  div: (a, b) => a / b,
  neg: (a) => -a,
  fits: (a) => a < LIMIT && a > -LIMIT,
};
export const bigints: Arith<bigint> = {
  zero: 0n,
  one: 1n,
  isZero: (a) => a === 0n,
  isUnit: (a) => a === 1n || a === -1n,
  combine: (a, x, b, y) => a * x - b * y,
  gcd: (a, b) => {
    if (a < 0n) a = -a;
    if (b < 0n) b = -b;
    while (b) {
      const t = a % b;
      a = b;
      b = t;
    }
    return a;
  },
  div: (a, b) => a / b,
  neg: (a) => -a,
  fits: () => true,
};

export interface Row<T> {
  cols: number[];
  vals: T[];
}

/**
 * Gauss-Jordan elimination of sparse integer rows (fraction-free, each row divided by the gcd of
 * its entries). Returns the pivot columns whose reduced row holds nothing else.
 */
export function isolatedPivots<T>(rows: Row<T>[], nCols: number, ar: Arith<T>): number[] {
  // Rows that may hold each column (entries go stale when a coefficient cancels), and exact counts.
  const colRows: number[][] = [];
  for (let c = 0; c < nCols; c++) colRows.push([]);
  const colCount = new Int32Array(nCols);
  for (let i = 0; i < rows.length; i++) {
    for (const c of rows[i].cols) {
      colRows[c].push(i);
      colCount[c]++;
    }
  }
  // Dense scratch row: acc[c] is current when seen[c] === stamp.
  const acc: T[] = new Array<T>(nCols).fill(ar.zero);
  const seen = new Int32Array(nCols);
  let stamp = 0;
  const done = new Uint8Array(rows.length);
  const pivots: number[] = [];
  // Shortest row first (a heap whose outdated entries are skipped) keeps fill-in low.
  const heap = new MinHeap();
  for (let i = 0; i < rows.length; i++) heap.push(rows[i].cols.length, i);
  for (let i = heap.pop(rows, done); i >= 0; i = heap.pop(rows, done)) {
    done[i] = 1;
    const { cols: rc, vals: rv } = rows[i];
    if (rc.length === 0) continue;
    // Pivot: a unit coefficient if any (other rows need no scaling), in the sparsest column.
    let at = 0;
    let unit = ar.isUnit(rv[0]);
    for (let j = 1; j < rc.length; j++) {
      const u = ar.isUnit(rv[j]);
      const c = rc[j];
      const q = rc[at];
      if ((u && !unit) || (u === unit && (colCount[c] < colCount[q] || (colCount[c] === colCount[q] && c < q)))) {
        at = j;
        unit = u;
      }
    }
    const p = rc[at];
    const a = rv[at];
    // other := other - (b/a)*row when a = ±1 (then 1/a = a), else other := a*other - b*row.
    const ka = unit ? ar.one : a;
    for (const s of colRows[p]) {
      const { cols: oc, vals: ov } = rows[s];
      const bAt = s === i ? -1 : oc.indexOf(p);
      if (bAt < 0) continue;
      const kb = !unit || a === ar.one ? ov[bAt] : ar.neg(ov[bAt]);
      stamp++;
      for (let j = 0; j < oc.length; j++) {
        seen[oc[j]] = stamp;
        acc[oc[j]] = unit ? ov[j] : ar.combine(ka, ov[j], ar.zero, ar.zero);
      }
      for (let j = 0; j < rc.length; j++) {
        const c = rc[j];
        if (seen[c] === stamp) acc[c] = ar.combine(ar.one, acc[c], kb, rv[j]);
        else {
          seen[c] = stamp;
          acc[c] = ar.combine(ar.zero, ar.zero, kb, rv[j]);
          oc.push(c);
          colRows[c].push(s);
          colCount[c]++;
        }
      }
      let w = 0;
      for (let j = 0; j < oc.length; j++) {
        const c = oc[j];
        if (ar.isZero(acc[c])) colCount[c]--;
        else {
          oc[w] = c;
          ov[w++] = acc[c];
        }
      }
      oc.length = w;
      ov.length = w;
      normalize(ov, ar);
      if (!done[s]) heap.push(w, s);
    }
    // No other row holds p now, and none will again: later pivot rows no longer hold it.
    colRows[p] = [i];
    pivots.push(p);
  }
  return pivots.filter((p) => rows[colRows[p][0]].cols.length === 1);
}

// Divides a row by the gcd of its entries, so numbers stay small; refuses numbers past exactness.
function normalize<T>(vals: T[], ar: Arith<T>) {
  let g = ar.zero;
  for (let j = 0; j < vals.length && !ar.isUnit(g); j++) g = ar.gcd(g, vals[j]);
  if (!ar.isZero(g) && !ar.isUnit(g)) for (let j = 0; j < vals.length; j++) vals[j] = ar.div(vals[j], g);
  for (let j = 0; j < vals.length; j++) if (!ar.fits(vals[j])) throw OVERFLOW;
}

class MinHeap {
  private keys: number[] = [];
  private ids: number[] = [];
  push(key: number, id: number) {
    const { keys, ids } = this;
    let i = keys.length;
    keys.push(key);
    ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  /** Next row not yet done whose entry is current, or -1. */
  pop<T>(rows: Row<T>[], done: Uint8Array): number {
    const { keys, ids } = this;
    while (keys.length) {
      const key = keys[0];
      const id = ids[0];
      const lastKey = keys.pop()!;
      const lastId = ids.pop()!;
      if (keys.length) {
        keys[0] = lastKey;
        ids[0] = lastId;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < keys.length && this.less(l, m)) m = l;
          if (r < keys.length && this.less(r, m)) m = r;
          if (m === i) break;
          this.swap(i, m);
          i = m;
        }
      }
      if (!done[id] && rows[id].cols.length === key) return id;
    }
    return -1;
  }
  private less(i: number, j: number) {
    return this.keys[i] < this.keys[j] || (this.keys[i] === this.keys[j] && this.ids[i] < this.ids[j]);
  }
  private swap(i: number, j: number) {
    const { keys, ids } = this;
    const k = keys[i];
    const id = ids[i];
    keys[i] = keys[j];
    ids[i] = ids[j];
    keys[j] = k;
    ids[j] = id;
  }
}
