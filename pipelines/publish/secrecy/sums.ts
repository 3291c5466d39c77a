// The sums an attacker knows: a total and the parts that add up to it (site/commune → territoire →
// département, modalities → total, months → year), over any table of keyed counts.
//
// Complexity, for N counts and M memberships in sums (M ≤ 4N): counting sorts on numbered field
// values, O(N + M), no hashing of whole keys. Everything is ordered by the keys, never by the input
// position, so the result does not depend on the input order.
import type { Cell, Parent, SumConstraint } from './types.ts';

const MONTH = /^(\d{4})-\d{2}$/;

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
export interface Problem {
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
/** `identities`: pairs of cells (indices) that are the same count, each a sum of one part. */
export function buildProblem(cells: Cell[], parents: Parent[], identities: readonly [number, number][] = []): Problem {
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
  const firstIdentity = sizes[NIV] + sizes[DIM] + 1;
  const groups = firstIdentity + identities.length;
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
    emit(timeTotal[r], firstIdentity - 1, r);
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

  identities.forEach(([a, b], q) => emit(rankOf[a], firstIdentity + q, rankOf[b]));

  // Sorted by total, then group, then part: sums in key order, each with its parts in key order.
  const m = parts.length;
  const entries = radixSort(m, [Int32Array.from(totals), Int32Array.from(groupOf), Int32Array.from(parts)], [n, groups, n]);
  const starts: number[] = [];
  const members = new Int32Array(2 * m);
  let size = 0;
  for (let q = 0; q < m; ) {
    const first = entries[q];
    let end = q + 1;
    while (end < m && totals[entries[end]] === totals[first] && groupOf[entries[end]] === groupOf[first]) end++;
    // A sum the published counts do not satisfy is no identity the attacker can use: a breakdown
    // where one person counts in several parts (a request for several benefits, a beneficiary whose
    // GIR changed), or a year that is not the sum of its months (people counted once a period, a
    // stock at the end of each month). It is left out, or the attacker's system would have no solution.
    let sum = 0;
    for (let k = q; k < end; k++) sum += effectif[parts[entries[k]]];
    if (Math.abs(sum - effectif[totals[first]]) < 1e-6) {
      starts.push(size);
      members[size++] = totals[first];
      for (let k = q; k < end; k++) members[size++] = parts[entries[k]];
    }
    q = end;
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

