// Secondary suppression on base counts: masks more counts until no masked count can be worked out
// exactly from the published ones through the sums. Masking a count masks every count revealed
// by the same cells (`linked`): a cell is published whole or masked whole.
//
// - the cheap pass (a sum with exactly one masked count gives it away): O(M) over the whole run;
// - the exact check: sparse Gauss-Jordan elimination over the integers, per connected component of
//   masked counts, so its cost grows with the masked counts, not with N; a component is eliminated
//   again only after a count was added to it. Each round masks at least one more count, so it ends.
// The complement chosen is the published count that costs least (`cost`: the people it hides, the
// département's counts last), then the first by key, so the result does not depend on input order.
import { bigints, isolatedPivots, numbers, OVERFLOW, type Arith, type Row } from './elimination.ts';
import type { Problem } from './sums.ts';

export const PUBLISHED = 0;
export const PRIMARY = 1;
export const SECONDARY = 2;

export interface Suppressor {
  /** By rank: PUBLISHED, PRIMARY or SECONDARY. */
  state: Uint8Array;
  mask(r: number, why: number): void;
  /** Masks complements until no masked count is determined by the sums. */
  settle(): void;
  /** The published count to mask so that r is less exposed: the cheapest in a sum shared with r, or -1. */
  fixFor(r: number): number;
  /**
   * Protection levels, sum by sum: a masked count r that must be able to reach upTo[r] finds, in every
   * sum where it is a part of a published total, masked neighbours that can give up enough (each down
   * to lower); else the cheapest complements that do are masked. Necessary for the LP's rule, not
   * sufficient (the sums are looked at one by one), but it leaves the audit little to fix.
   */
  protectLevels(upTo: Float64Array, lower: Float64Array): void;
}

export function suppressor(pb: Problem, linked: (r: number) => readonly number[], cost: Float64Array): Suppressor {
  const { effectif, start, members, sumsStart, sumsOf } = pb;
  const n = effectif.length;
  const state = new Uint8Array(n);
  const maskedIn = new Int32Array(start.length - 1);
  const queue: number[] = [];
  // Counts masked since their component was last checked exactly.
  let dirty: number[] = [];
  const maskOne = (r: number, why: number) => {
    if (state[r] !== PUBLISHED) return;
    state[r] = why;
    for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) maskedIn[sumsOf[j]]++;
    queue.push(r);
    dirty.push(r);
  };
  const mask = (r: number, why: number) => {
    maskOne(r, why);
    for (const o of linked(r)) maskOne(o, SECONDARY);
  };
  // A count equal to a masked one (the same people in another indicator) hides no one more: free.
  const price = (r: number) => {
    for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) {
      const k = sumsOf[j];
      if (start[k + 1] - start[k] === 2 && state[members[start[k]] === r ? members[start[k] + 1] : members[start[k]]] !== PUBLISHED) return 0;
    }
    return cost[r];
  };
  // Published count of sum k to mask next: the cheapest, then the first by key.
  const cheapest = (k: number, best: number) => {
    let bestPrice = best < 0 ? Infinity : price(best);
    for (let j = start[k]; j < start[k + 1]; j++) {
      const r = members[j];
      if (state[r] !== PUBLISHED || r === best) continue;
      const p = price(r);
      if (best < 0 || p < bestPrice || (p === bestPrice && r < best)) [best, bestPrice] = [r, p];
    }
    return best;
  };
  // A sum with exactly one masked count gives it away: mask a second one.
  const cheapPass = () => {
    for (let q = 0; q < queue.length; q++) {
      const r = queue[q];
      for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) {
        const k = sumsOf[j];
        if (maskedIn[k] === 1) {
          const fix = cheapest(k, -1);
          if (fix >= 0) mask(fix, SECONDARY);
        }
      }
    }
    queue.length = 0;
  };
  const fixFor = (r: number): number => {
    let best = -1;
    for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) best = cheapest(sumsOf[j], best);
    return best;
  };

  // Scratch for the exact check, left clean between calls.
  const column = new Int32Array(n).fill(-1);
  const sumSeen = new Uint8Array(start.length - 1);
  const settle = () => {
    cheapPass();
    for (;;) {
      const { components, componentOf } = dirtyComponents(pb, state, maskedIn, dirty);
      dirty = [];
      let changed = false;
      const stale = new Uint8Array(components.length);
      for (let c = 0; c < components.length; c++) {
        if (stale[c]) continue;
        let fix = -1;
        for (const r of determinedCells(pb, state, components[c], column, sumSeen)) if ((fix = fixFor(r)) >= 0) break;
        if (fix < 0) continue;
        mask(fix, SECONDARY);
        cheapPass();
        changed = true;
        // Components the new masks reach are checked again, merged, in the next round.
        for (const r of dirty) {
          for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) {
            const k = sumsOf[j];
            for (let i = start[k]; i < start[k + 1]; i++) {
              const other = componentOf[members[i]];
              if (other >= 0) stale[other] = 1;
            }
          }
        }
      }
      if (!changed) return;
    }
  };
  const protectLevels = (upTo: Float64Array, lower: Float64Array) => {
    const todo: number[] = [];
    for (let r = 0; r < n; r++) if (state[r] !== PUBLISHED && upTo[r] > effectif[r]) todo.push(r);
    for (let q = 0; q < todo.length; q++) {
      const r = todo[q];
      for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) {
        const k = sumsOf[j];
        const total = members[start[k]];
        // As the total, or beside a masked total, r can grow with it: the audit looks further.
        if (total === r || state[total] !== PUBLISHED || start[k + 1] - start[k] === 2) continue;
        let need = upTo[r] - effectif[r];
        for (let i = start[k] + 1; i < start[k + 1]; i++) {
          const o = members[i];
          if (o !== r && state[o] !== PUBLISHED) need -= effectif[o] - lower[o];
        }
        while (need > 1e-9) {
          // The cheapest that gives enough alone, else the one that gives most.
          let best = -1;
          let most = -1;
          for (let i = start[k] + 1; i < start[k + 1]; i++) {
            const o = members[i];
            if (state[o] !== PUBLISHED) continue;
            const give = effectif[o] - lower[o];
            if (give >= need && (best < 0 || price(o) < price(best) || (price(o) === price(best) && o < best))) best = o;
            if (most < 0 || give > effectif[most] - lower[most]) most = o;
          }
          const pick = best >= 0 ? best : most;
          if (pick < 0) break;
          mask(pick, SECONDARY);
          need -= effectif[pick] - lower[pick];
          if (upTo[pick] > effectif[pick]) todo.push(pick);
        }
      }
    }
  };
  return { state, mask, settle, fixFor, protectLevels };
}

/** Connected components of masked cells (linked by a sum holding both) that contain a dirty cell. */
function dirtyComponents(pb: Problem, state: Uint8Array, maskedIn: Int32Array, dirty: number[]) {
  const { start, members, sumsStart, sumsOf } = pb;
  const componentOf = new Int32Array(state.length).fill(-1);
  const components: number[][] = [];
  for (const seed of dirty.slice().sort((a, b) => a - b)) {
    if (componentOf[seed] >= 0) continue;
    const cells = [seed];
    componentOf[seed] = components.length;
    for (let q = 0; q < cells.length; q++) {
      const r = cells[q];
      for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) {
        const k = sumsOf[j];
        if (maskedIn[k] < 2) continue;
        for (let i = start[k]; i < start[k + 1]; i++) {
          const o = members[i];
          if (state[o] !== PUBLISHED && componentOf[o] < 0) {
            componentOf[o] = components.length;
            cells.push(o);
          }
        }
      }
    }
    components.push(cells.sort((a, b) => a - b));
  }
  return { components, componentOf };
}

/**
 * Masked cells of one component whose value the sums pin down: cell m is determined iff its unit
 * vector lies in the row space of the sums restricted to the masked cells (published cells being
 * known constants), i.e. iff the reduced row echelon form has a row holding m alone.
 * `column` (by rank, -1 outside the component) and `sumSeen` (by sum) are scratch, left clean.
 */
export function determinedCells(pb: Problem, state: Uint8Array, cells: number[], column: Int32Array, sumSeen: Uint8Array): number[] {
  const { start, members, sumsStart, sumsOf } = pb;
  for (let i = 0; i < cells.length; i++) column[cells[i]] = i;
  const sums: number[] = [];
  for (const r of cells)
    for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++)
      if (!sumSeen[sumsOf[j]]) {
        sumSeen[sumsOf[j]] = 1;
        sums.push(sumsOf[j]);
      }
  sums.sort((a, b) => a - b);
  const build = <T>(ar: Arith<T>) =>
    sums.map((k) => {
      const row: Row<T> = { cols: [], vals: [] };
      for (let i = start[k]; i < start[k + 1]; i++) {
        const r = members[i];
        if (state[r] === PUBLISHED) continue;
        row.cols.push(column[r]);
        row.vals.push(i === start[k] ? ar.one : ar.neg(ar.one));
      }
      return row;
    });
  let pivots: number[];
  try {
    pivots = isolatedPivots(build(numbers), cells.length, numbers);
  } catch (e) {
    // Coefficients outgrew exact doubles (never seen on real tables): redo with bigints.
    if (e !== OVERFLOW) throw e;
    pivots = isolatedPivots(build(bigints), cells.length, bigints);
  }
  for (const r of cells) column[r] = -1;
  for (const k of sums) sumSeen[k] = 0;
  return pivots.sort((a, b) => a - b).map((c) => cells[c]);
}

