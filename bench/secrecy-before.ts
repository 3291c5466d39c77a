// The secrecy as it was before issue #15 (each indicator alone, on cells, no audit): kept for bench/secrecy.ts only.
// Statistical secrecy of the published indicator cells. Primary suppression masks every cell that
// counts fewer people than the threshold; secondary suppression then masks published cells until no
// masked cell can be recomputed from published ones through the sums that tie a total to its parts
// (geography, breakdown, months of a year).
//
// Complexity, for N cells and M memberships of cells in sums (M ≤ 4N):
// - building the sums: counting sorts on numbered field values, O(N + M), no hashing of keys;
// - the cheap pass (a sum with exactly one masked cell gives it away): O(M) over the whole run;
// - the exact check: sparse Gauss-Jordan elimination over the integers, per connected component of
//   masked cells, so its cost grows with the masked cells and the fill-in, not with N; a component
//   is eliminated again only after a cell was added to it. Each round masks at least one more cell,
//   so the loop ends; on realistic tables the cheap pass leaves nothing or a handful.
// Everything is ordered by the cells' keys, never by their position in the input, so the result does
// not depend on the input order.

export interface Cell {
  indicateur: string;
  niveau: string;
  code: string;
  periode: string;
  dimension: string;
  modalite: string;
  /** People behind the cell; null when the indicator does not count people (never masked). */
  effectif: number | null;
}

/** One step of the geographic nesting, e.g. a site and its territory. */
export interface Parent {
  niveau: string;
  code: string;
  niveauParent: string;
  codeParent: string;
}

export type Suppression = 'primaire' | 'secondaire';

/** A total and the parts that add up to it, as indices in the input cells. */
export interface SumConstraint {
  total: number;
  parts: number[];
}

const MONTH = /^(\d{4})-\d{2}$/;

/** Returns, for each masked cell (by index in `cells`), why it is masked. */
export function applySecrecy(cells: Cell[], parents: Parent[], threshold: number): Map<number, Suppression> {
  const problem = buildProblem(cells, parents);
  const state = suppress(problem, threshold);
  const result = new Map<number, Suppression>();
  for (let i = 0; i < cells.length; i++) {
    const s = state[problem.rankOf[i]];
    if (s !== PUBLISHED) result.set(i, s === PRIMARY ? 'primaire' : 'secondaire');
  }
  return result;
}

/** The sums the secrecy protects against, in a deterministic order (exported for tests). */
export function sumConstraints(cells: Cell[], parents: Parent[]): SumConstraint[] {
  const { order, start, members } = buildProblem(cells, parents);
  const out: SumConstraint[] = [];
  for (let k = 0; k + 1 < start.length; k++) {
    out.push({ total: order[members[start[k]]], parts: Array.from(members.subarray(start[k] + 1, start[k + 1]), (r) => order[r]) });
  }
  return out;
}

// --- Building the sums -------------------------------------------------------------------------

// Cells are handled by rank: their position once sorted by key.
interface Problem {
  /** rank → index in the input */
  order: number[];
  /** index in the input → rank */
  rankOf: Int32Array;
  /** by rank; NaN when effectif is null */
  effectif: Float64Array;
  /** sum k: members[start[k]] is its total, members[start[k]+1 .. start[k+1]) its parts */
  start: Int32Array;
  members: Int32Array;
  /** sums of the cell of rank r: sumsOf[sumsStart[r] .. sumsStart[r+1]) */
  sumsStart: Int32Array;
  sumsOf: Int32Array;
}

const FIELDS = ['indicateur', 'niveau', 'code', 'periode', 'dimension', 'modalite'] as const;
const [IND, NIV, CODE, PER, DIM, MOD] = [0, 1, 2, 3, 4, 5];
const YEAR = /^\d{4}$/;

// Cells are matched to their totals by sorting them three ways (counting sorts on numbered field
// values), never by hashing whole keys: that keeps the build linear and light on memory.
function buildProblem(cells: Cell[], parents: Parent[]): Problem {
  const n = cells.length;
  // Each field's values numbered in sorted order: ids sort as the text does, whatever the input order.
  const ids = FIELDS.map(() => new Int32Array(n));
  const dicts = FIELDS.map((f, fi) => {
    const first = new Map<string, number>();
    const seen: string[] = [];
    let last: string | undefined;
    let lastId = -1;
    for (let j = 0; j < n; j++) {
      const v = cells[j][f];
      // Neighbouring cells mostly share their values: skip the hash lookup then.
      if (v !== last) {
        last = v;
        lastId = first.get(v) ?? -1;
        if (lastId < 0) first.set(v, (lastId = seen.push(v) - 1));
      }
      ids[fi][j] = lastId;
    }
    const sorted = seen.map((_, i) => i).sort((a, b) => (seen[a] < seen[b] ? -1 : 1));
    const renumber = new Int32Array(seen.length);
    sorted.forEach((old, i) => (renumber[old] = i));
    for (let j = 0; j < n; j++) ids[fi][j] = renumber[ids[fi][j]];
    return new Map(sorted.map((old, i) => [seen[old], i]));
  });
  const sizes = dicts.map((d) => d.size);
  const sortBy = (fields: number[]) => radixSort(n, fields.map((f) => ids[f]), fields.map((f) => sizes[f]));
  const [ind, niv, code, per, dim, mod] = ids;
  const samePlacePeriod = (a: number, b: number) => ind[a] === ind[b] && niv[a] === niv[b] && code[a] === code[b] && per[a] === per[b];
  const sameSeries = (a: number, b: number) => ind[a] === ind[b] && niv[a] === niv[b] && code[a] === code[b] && dim[a] === dim[b] && mod[a] === mod[b];
  const sameSlice = (a: number, b: number) => ind[a] === ind[b] && per[a] === per[b] && dim[a] === dim[b] && mod[a] === mod[b];

  const order = sortBy([IND, NIV, CODE, PER, DIM, MOD]);
  const rankOf = new Int32Array(n);
  const effectif = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const j = order[r];
    if (r > 0 && samePlacePeriod(j, order[r - 1]) && dim[j] === dim[order[r - 1]] && mod[j] === mod[order[r - 1]]) duplicate(cells[j]);
    rankOf[j] = r;
    effectif[r] = cells[j].effectif ?? NaN;
  }
  const noDimension = dicts[DIM].get('') ?? -1;
  const noModalite = dicts[MOD].get('') ?? -1;
  const isTotal = (j: number) => dim[j] === noDimension && mod[j] === noModalite;

  // Breakdown: in key order the total ('' sorts first) opens the run of its place and period.
  const dimTotal = new Int32Array(n).fill(-1);
  for (let r = 0, runStart = 0; r < n; r++) {
    const j = order[r];
    if (!samePlacePeriod(j, order[runStart])) runStart = r;
    if (dim[j] !== noDimension && isTotal(order[runStart])) dimTotal[r] = runStart;
  }

  // Time: sorted by period last, a year 'AAAA' comes just before its months 'AAAA-MM'.
  const yearOf = new Int32Array(sizes[PER]).fill(-1);
  const isYear = new Uint8Array(sizes[PER]);
  for (const [periode, id] of dicts[PER]) {
    const month = MONTH.exec(periode);
    if (month) yearOf[id] = dicts[PER].get(month[1]) ?? -1;
    isYear[id] = YEAR.test(periode) ? 1 : 0;
  }
  const timeTotal = new Int32Array(n).fill(-1);
  const byTime = sortBy([IND, NIV, CODE, DIM, MOD, PER]);
  for (let q = 0, year = -1, yearRank = -1; q < n; q++) {
    const j = byTime[q];
    if (q > 0 && !sameSeries(j, byTime[q - 1])) year = -1;
    const p = per[j];
    if (isYear[p]) [year, yearRank] = [p, rankOf[j]];
    else if (yearOf[p] >= 0 && yearOf[p] === year) timeTotal[rankOf[j]] = yearRank;
  }

  // A sum is a total and a group of parts: sites and communes of one territory are two groups
  // (group = the children's level), each dimension another, the months of a year another.
  const groups = sizes[NIV] + sizes[DIM] + 1;
  const totals: number[] = [];
  const groupOf: number[] = [];
  const parts: number[] = [];
  const emit = (total: number, group: number, part: number) => {
    if (total < 0 || Number.isNaN(effectif[total]) || Number.isNaN(effectif[part])) return;
    totals.push(total);
    groupOf.push(group);
    parts.push(part);
  };
  for (let r = 0; r < n; r++) {
    emit(dimTotal[r], sizes[NIV] + dim[order[r]], r);
    emit(timeTotal[r], groups - 1, r);
  }

  // Geography: within one indicator, period and category, find each cell's parent places.
  const places = Math.max(sizes[NIV] * sizes[CODE], 1);
  // A place may have several parents (each gives its own sum); a repeated nesting row counts once.
  const upOf = new Map<number, number[]>();
  for (const p of parents) {
    const [nv, c, nvp, cp] = [dicts[NIV].get(p.niveau), dicts[CODE].get(p.code), dicts[NIV].get(p.niveauParent), dicts[CODE].get(p.codeParent)];
    if (nv === undefined || c === undefined || nvp === undefined || cp === undefined) continue;
    const [place, up] = [nv * sizes[CODE] + c, nvp * sizes[CODE] + cp];
    const ups = upOf.get(place) ?? [];
    if (up !== place && !ups.includes(up)) ups.push(up);
    upOf.set(place, ups);
  }
  const none: number[] = [];
  const rankAt = new Int32Array(places).fill(-1);
  const placeOf = (j: number) => niv[j] * sizes[CODE] + code[j];
  const byPlace = sortBy([IND, PER, DIM, MOD]);
  for (let q = 0; q < n; ) {
    let end = q + 1;
    while (end < n && sameSlice(byPlace[end], byPlace[q])) end++;
    for (let e = q; e < end; e++) rankAt[placeOf(byPlace[e])] = rankOf[byPlace[e]];
    for (let e = q; e < end; e++) {
      const j = byPlace[e];
      for (const up of upOf.get(placeOf(j)) ?? none) emit(rankAt[up], niv[j], rankOf[j]);
    }
    for (let e = q; e < end; e++) rankAt[placeOf(byPlace[e])] = -1;
    q = end;
  }

  // Sorted by total, then group, then part: sums in key order, each with its parts in key order.
  const m = parts.length;
  const entries = radixSort(m, [Int32Array.from(totals), Int32Array.from(groupOf), Int32Array.from(parts)], [n, groups, n]);
  const starts: number[] = [];
  const members = new Int32Array(2 * m);
  let size = 0;
  for (let q = 0; q < m; q++) {
    const e = entries[q];
    const prev = entries[q - 1];
    if (q === 0 || totals[e] !== totals[prev] || groupOf[e] !== groupOf[prev]) {
      starts.push(size);
      members[size++] = totals[e];
    }
    members[size++] = parts[e];
  }
  starts.push(size);

  const sumsStart = new Int32Array(n + 1);
  for (let q = 0; q < size; q++) sumsStart[members[q] + 1]++;
  for (let r = 0; r < n; r++) sumsStart[r + 1] += sumsStart[r];
  const fill = sumsStart.slice(0, n);
  const sumsOf = new Int32Array(size);
  for (let k = 0; k + 1 < starts.length; k++) for (let q = starts[k]; q < starts[k + 1]; q++) sumsOf[fill[members[q]]++] = k;
  return { order: Array.from(order), rankOf, effectif, start: Int32Array.from(starts), members: members.slice(0, size), sumsStart, sumsOf };
}

/** Indices 0..n-1 sorted by the given keys, the first most significant: stable counting sorts. */
function radixSort(n: number, keys: Int32Array[], sizes: number[]): Int32Array {
  let idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let f = keys.length - 1; f >= 0; f--) {
    const key = keys[f];
    const count = new Int32Array(sizes[f] + 1);
    for (let i = 0; i < n; i++) count[key[i] + 1]++;
    for (let k = 0; k < sizes[f]; k++) count[k + 1] += count[k];
    const out = new Int32Array(n);
    for (let q = 0; q < n; q++) out[count[key[idx[q]]]++] = idx[q];
    idx = out;
  }
  return idx;
}

function duplicate(c: Cell): never {
  throw new Error(
    `Cellule en double dans la table des indicateurs : indicateur « ${c.indicateur} », niveau « ${c.niveau} », code « ${c.code} », ` +
      `période « ${c.periode} », dimension « ${c.dimension} », modalité « ${c.modalite} ». ` +
      'Chaque combinaison de ces six colonnes doit être unique : corrigez la requête qui produit cet indicateur.',
  );
}

// --- Suppression -------------------------------------------------------------------------------

const PUBLISHED = 0;
const PRIMARY = 1;
const SECONDARY = 2;

function suppress(pb: Problem, threshold: number): Uint8Array {
  const { effectif, start, members, sumsStart, sumsOf } = pb;
  const n = effectif.length;
  const state = new Uint8Array(n);
  const maskedIn = new Int32Array(start.length - 1);
  const queue: number[] = [];
  // Cells masked since their component was last checked exactly.
  let dirty: number[] = [];
  const mask = (r: number, why: number) => {
    state[r] = why;
    for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) maskedIn[sumsOf[j]]++;
    queue.push(r);
    dirty.push(r);
  };
  // Published cell of sum k to mask next: the fewest people, then the first by key.
  const cheapest = (k: number, best: number) => {
    for (let j = start[k]; j < start[k + 1]; j++) {
      const r = members[j];
      if (state[r] === PUBLISHED && (best < 0 || effectif[r] < effectif[best] || (effectif[r] === effectif[best] && r < best))) best = r;
    }
    return best;
  };
  // A sum with exactly one masked cell gives it away: mask a second one.
  const cheapPass = () => {
    for (let q = 0; q < queue.length; q++) {
      const r = queue[q];
      for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) {
        const k = sumsOf[j];
        if (maskedIn[k] === 1) mask(cheapest(k, -1), SECONDARY);
      }
    }
    queue.length = 0;
  };

  for (let r = 0; r < n; r++) if (effectif[r] < threshold) mask(r, PRIMARY);
  cheapPass();

  // Exact check, component by component, until no masked cell is determined.
  const column = new Int32Array(n).fill(-1);
  const sumSeen = new Uint8Array(start.length - 1);
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
    if (!changed) return state;
  }

  // The published cell to mask when r is determined: in a sum shared with r.
  function fixFor(r: number): number {
    let best = -1;
    for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) best = cheapest(sumsOf[j], best);
    return best;
  }
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
function determinedCells(pb: Problem, state: Uint8Array, cells: number[], column: Int32Array, sumSeen: Uint8Array): number[] {
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

// --- Exact sparse elimination over the integers --------------------------------------------------

interface Arith<T> {
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

const OVERFLOW = new Error('overflow');
// Stored numbers stay below 2^26, so a*x - b*y stays below 2^53: exact in a double.
const LIMIT = 2 ** 26;
const numbers: Arith<number> = {
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
const bigints: Arith<bigint> = {
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

interface Row<T> {
  cols: number[];
  vals: T[];
}

/**
 * Gauss-Jordan elimination of sparse integer rows (fraction-free, each row divided by the gcd of
 * its entries). Returns the pivot columns whose reduced row holds nothing else.
 */
function isolatedPivots<T>(rows: Row<T>[], nCols: number, ar: Arith<T>): number[] {
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
