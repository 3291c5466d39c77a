// The attacker's audit: for every masked base count, the interval [min, max] of the values it can
// take given everything published, by linear programming (HiGHS), the way τ-ARGUS and sdcTable audit
// a protected table. The attacker knows every sum (published counts are constants), that a part is
// at most its whole (a share's numerator and its denominator, requests with an appointment or
// pending and requests received) and that the difference is a count of people of its own, that
// counts are not negative (integrality relaxed) and that a masked cell exists, so that it holds at
// least one person. One LP per connected component of masked counts (the constraints are written
// once per component); the differences are columns of it, audited like counts.
import highsLoader, { type Highs } from 'highs';
import type { Problem } from './sums.ts';
import { PUBLISHED } from './suppression.ts';

export interface Interval {
  /** Rank of the count in the problem; -1 for a difference (see pair). */
  rank: number;
  /** For a difference whole − part: its index in the nested pairs. */
  pair: number;
  /** What the rule asks of it: reach upTo, span width. */
  upTo: number;
  width: number;
  /** Settled in an earlier call (min and max are then only the true value): keep the earlier interval. */
  earlier: boolean;
  /** Its connected component of masked counts, numbered within one call. */
  component: number;
  min: number;
  max: number;
  /** False when [min, max] is only a span some feasible points reach (a large component, the rule already met). */
  maxExact: boolean;
}

/**
 * What the rule asks of a masked count: an upper bound of at least `upTo`, an interval of at least
 * `width`; of a difference that shows a small group (1 to threshold − 1): the same as a small count.
 */
export interface Rule {
  upTo: Float64Array;
  width: number;
  threshold: number;
}

/** A column of the LP: a count (or counts known equal), or the difference of a nested pair. */
interface Columns {
  m: number;
  colLower: Float64Array;
  truth: Float64Array;
  upTo: Float64Array;
  width: Float64Array;
  /** Columns settled in an earlier call: masking more only widens what the attacker can reach. */
  done: Uint8Array;
}

/**
 * Counts (by rank) and differences (by pair) that met the rule in an earlier audit. Masking more
 * counts turns published constants into unknowns, so every point feasible before stays feasible
 * (the new unknowns at their true values): what was settled stays settled.
 */
export interface Settled {
  rank: Uint8Array;
  pair: Uint8Array;
}

let solver: Promise<Highs> | undefined;
/** Set when a failed crossover was followed by a crash of the solver's memory: solve from scratch. */
let noCrossover = false;
// The package's types describe it as CommonJS; at run time its ES module's default is the loader.
const highs = () => (solver ??= (highsLoader as unknown as () => Promise<Highs>)());

/**
 * Intervals of the masked counts (by rank) and of the differences they hide. `nested`: [part, whole]
 * ranks; `lower`: the attacker's lower bound of each count (1 for a count that exists and is not
 * zero, else 0). `only`: audit only the components holding one of these ranks (all when absent).
 */
export async function auditIntervals(pb: Problem, state: Uint8Array, nested: [number, number][], lower: Float64Array, rule: Rule, only?: Iterable<number>, settled?: Settled): Promise<Interval[]> {
  let solve = await highs();
  const { effectif, start, members, sumsStart, sumsOf } = pb;
  const n = effectif.length;
  // Neighbours through a nested pair (both ways, for the components) and the pairs of each count.
  const shareOf = new Map<number, number[]>();
  const pairsOf = new Map<number, number[]>();
  nested.forEach(([a, b], q) => {
    if (state[a] === PUBLISHED && state[b] === PUBLISHED) return;
    for (const x of [a, b]) if (state[x] !== PUBLISHED) pairsOf.set(x, [...(pairsOf.get(x) ?? []), q]);
    for (const [x, y] of [[a, b], [b, a]]) {
      const list = shareOf.get(x);
      if (list) list.push(y);
      else shareOf.set(x, [y]);
    }
  });
  const componentOf = new Int32Array(n).fill(-1);
  const seeds = only ? [...new Set(only)].filter((r) => state[r] !== PUBLISHED).sort((a, b) => a - b) : range(n).filter((r) => state[r] !== PUBLISHED);
  const out: Interval[] = [];
  let next = 0;
  for (const seed of seeds) {
    if (componentOf[seed] >= 0) continue;
    const cells = [seed];
    componentOf[seed] = next;
    for (let q = 0; q < cells.length; q++) {
      const r = cells[q];
      const reach = (o: number) => {
        if (state[o] !== PUBLISHED && componentOf[o] < 0) {
          componentOf[o] = next;
          cells.push(o);
        }
      };
      for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) {
        const k = sumsOf[j];
        for (let i = start[k]; i < start[k + 1]; i++) reach(members[i]);
      }
      for (const o of shareOf.get(r) ?? []) reach(o);
    }
    cells.sort((a, b) => a - b);
    let intervals: Omit<Interval, 'component'>[];
    try {
      intervals = solveComponent(solve, pb, state, cells, nested, pairsOf, lower, rule, settled);
    } catch (e) {
      // HiGHS compiled to WebAssembly can corrupt its memory after a crossover it could not finish
      // (« memory access out of bounds »): a fresh solver, without crossover, solves the component.
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      solver = undefined;
      noCrossover = true;
      solve = await highs();
      intervals = solveComponent(solve, pb, state, cells, nested, pairsOf, lower, rule, settled);
    }
    for (const iv of intervals) out.push({ ...iv, component: next });
    next++;
  }
  return out;
}

function solveComponent(h: Highs, pb: Problem, state: Uint8Array, cells: number[], nested: [number, number][], pairsOf: Map<number, number[]>, lower: Float64Array, rule: Rule, settled?: Settled): Omit<Interval, 'component'>[] {
  const { effectif, start, members, sumsStart, sumsOf } = pb;
  const index = new Map(cells.map((r, j) => [r, j]));
  // A sum of one masked part says two counts are equal (the same people in two indicators, a
  // territory of one site): one column for both.
  const root = cells.map((_, j) => j);
  const find = (j: number): number => (root[j] === j ? j : (root[j] = find(root[j])));
  const sums = new Set<number>();
  for (const r of cells) for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) sums.add(sumsOf[j]);
  const sumList = [...sums].sort((a, b) => a - b);
  for (const k of sumList) {
    if (start[k + 1] - start[k] !== 2) continue;
    const [a, b] = [members[start[k]], members[start[k] + 1]];
    if (state[a] !== PUBLISHED && state[b] !== PUBLISHED) root[find(index.get(b)!)] = find(index.get(a)!);
  }
  const colOf = new Int32Array(cells.length);
  const roots: number[] = [];
  cells.forEach((_, j) => {
    if (find(j) === j) roots.push(j);
  });
  const rootCol = new Map(roots.map((j, c) => [j, c]));
  cells.forEach((_, j) => (colOf[j] = rootCol.get(find(j))!));
  // The differences this component hides: one column each, after the counts.
  const pairs = [...new Set(cells.flatMap((r) => pairsOf.get(r) ?? []))].sort((a, b) => a - b);
  const m = roots.length + pairs.length;
  const colLower = new Float64Array(m);
  const upTo = new Float64Array(m);
  const width = new Float64Array(m).fill(rule.width);
  const truth = new Float64Array(m);
  const done = new Uint8Array(m).fill(settled ? 1 : 0);
  cells.forEach((r, j) => {
    if (!settled?.rank[r]) done[colOf[j]] = 0;
    truth[colOf[j]] = effectif[r];
    colLower[colOf[j]] = Math.max(colLower[colOf[j]], lower[r]);
    upTo[colOf[j]] = Math.max(upTo[colOf[j]], rule.upTo[r]);
  });
  pairs.forEach((q, i) => {
    const c = roots.length + i;
    const [part, whole] = nested[q];
    truth[c] = effectif[whole] - effectif[part];
    // Only a small group must be hidden: a difference of 0, or of many, says nothing of anyone.
    const small = truth[c] >= 1 && truth[c] < rule.threshold;
    upTo[c] = small ? rule.threshold : 0;
    width[c] = small ? rule.width : 0;
    if (!settled?.pair[q]) done[c] = 0;
  });

  // Rows: each sum (total − Σ parts = published constants), each share (numerator − denominator ≤ 0).
  const rows: { terms: Map<number, number>; lo: number; hi: number }[] = [];
  for (const k of sumList) {
    let rhs = 0;
    const terms = new Map<number, number>();
    for (let i = start[k]; i < start[k + 1]; i++) {
      const r = members[i];
      const sign = i === start[k] ? 1 : -1;
      if (state[r] === PUBLISHED) rhs -= sign * effectif[r];
      else {
        const c = colOf[index.get(r)!];
        const v = (terms.get(c) ?? 0) + sign;
        if (v === 0) terms.delete(c);
        else terms.set(c, v);
      }
    }
    if (terms.size > 0) rows.push({ terms, lo: rhs, hi: rhs });
  }
  // Two indicators over the same counts give the same equation twice: once is enough.
  const seen = new Set<string>();
  for (let i = rows.length - 1; i >= 0; i--) {
    const key = `${rows[i].lo}|${[...rows[i].terms].sort((a, b) => a[0] - b[0]).join(';')}`;
    if (seen.has(key)) rows.splice(i, 1);
    else seen.add(key);
  }
  // Each difference: whole − part − difference = 0, the difference not negative.
  pairs.forEach((q, i) => {
    const c = roots.length + i;
    const terms = new Map([[c, -1]]);
    let rhs = 0;
    for (const [r, sign] of [[nested[q][1], 1], [nested[q][0], -1]]) {
      if (state[r] === PUBLISHED) rhs -= sign * effectif[r];
      else {
        const col = colOf[index.get(r)!];
        const v = (terms.get(col) ?? 0) + sign;
        if (v === 0) terms.delete(col);
        else terms.set(col, v);
      }
    }
    rows.push({ terms, lo: rhs, hi: rhs });
  });
  const bounds = rows.length === 1 && pairs.length === 0 && [...rows[0].terms.values()].every((v) => v === 1 || v === -1)
    ? oneSum(rows[0].terms, rows[0].lo, colLower, m)
    : solveLp(h, rows, { m, colLower, truth, upTo, width, done });
  const at = (c: number) => ({ min: bounds.min[c], max: bounds.max[c], maxExact: bounds.exact[c] === 1, upTo: upTo[c], width: width[c], earlier: done[c] === 1 });
  return [
    ...cells.map((r, j) => ({ rank: r, pair: -1, ...at(colOf[j]) })),
    ...pairs.map((q, i) => ({ rank: -1, pair: q, ...at(roots.length + i) })),
  ];
}

/**
 * The LP's optimum in closed form for one equation Σ a_j x_j = b (a_j = ±1) over x ≥ l: the case
 * of most components (masked parts of one published total), where a solver call would cost more
 * than the answer. The tests check it against an LP solver.
 */
function oneSum(terms: Map<number, number>, b: number, l: Float64Array, m: number) {
  const min = new Float64Array(m);
  const max = new Float64Array(m);
  const plus = [...terms].filter(([, a]) => a > 0).map(([c]) => c);
  const minus = [...terms].filter(([, a]) => a < 0).map(([c]) => c);
  const sum = (cs: number[]) => cs.reduce((t, c) => t + l[c], 0);
  for (const [same, other, rhs] of [[plus, minus, b], [minus, plus, -b]] as const) {
    // Σ same − Σ other = rhs.
    const lowSame = sum(same);
    const lowOther = sum(other);
    for (const c of same) {
      if (other.length > 0) {
        // Another count on each side: c can grow without end; it goes down to its bound unless alone on its side.
        max[c] = Infinity;
        min[c] = same.length > 1 ? l[c] : Math.max(l[c], rhs + lowOther);
      } else {
        max[c] = rhs - (lowSame - l[c]);
        min[c] = same.length > 1 ? l[c] : rhs;
      }
    }
  }
  return { min, max, exact: new Uint8Array(m).fill(1) };
}

/**
 * What the attacker can reach for each column, by HiGHS, on one model whose objective and bounds
 * change between solves (warm start). The rule only asks whether each count can reach upTo and
 * span width, so most counts are settled by feasible points, not by solves of their own: the true
 * values are one point; then a few solves push every count not yet settled up to its target at
 * once (objective: their sum, each capped at its target), then down. Only the counts these points
 * leave unsettled are solved alone, exactly: those are the ones that may break the rule.
 * A count whose min or max is only a point seen is marked inexact.
 */
function solveLp(h: Highs, rows: { terms: Map<number, number>; lo: number; hi: number }[], { m, colLower, truth, upTo, width, done }: Columns) {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    for (const [c, v] of [...row.terms].sort((a, b) => a[0] - b[0])) {
      indices.push(c);
      values.push(v);
    }
    starts.push(indices.length);
  }
  const inf = h.infinity;
  const build = () => h.createModel({
    numCols: m, numRows: rows.length, colCost: new Float64Array(m), colLower, colUpper: new Float64Array(m).fill(inf),
    rowLower: rows.map((r) => (r.lo === -Infinity ? -inf : r.lo)), rowUpper: rows.map((r) => r.hi),
    matrix: { format: 'csr', numRows: rows.length, numCols: m, starts, indices, values },
  });
  let model = build();
  try {
    // No presolve, and the primal simplex: between solves mostly the objective changes, so the last
    // optimum stays feasible and each solve starts from it (30 times faster than the dual here).
    model.options.set({ output_flag: false, presolve: 'off', simplex_strategy: 4 });
    const { objectiveSense, modelStatus } = h.constants;
    const all = { kind: 'range', from: 0, to: m - 1 } as const;
    const high = Float64Array.from(truth);
    const low = Float64Array.from(truth);
    const min = new Float64Array(m).fill(NaN);
    const max = new Float64Array(m).fill(NaN);
    const target = (j: number) => Math.max(upTo[j], low[j] + width[j]);
    const settled = (j: number) => done[j] === 1 || high[j] >= upTo[j] - 1e-9 && high[j] - low[j] >= width[j] - 1e-9;
    // A count at its lower bound in some point has that bound as its exact min.
    const seen = (x: Float64Array) => {
      for (let i = 0; i < m; i++) {
        if (x[i] > high[i]) high[i] = x[i];
        if (x[i] < low[i]) low[i] = x[i];
        if (x[i] <= colLower[i] + 1e-9) min[i] = colLower[i];
      }
    };
    for (let i = 0; i < m; i++) if (truth[i] <= colLower[i] + 1e-9) min[i] = colLower[i];
    const run = (cost: Float64Array, upper: Float64Array, sense: 'min' | 'max'): { status: 'optimal' | 'unbounded'; value: number } => {
      model.changeColsCost(all, cost);
      model.changeColsBounds(all, colLower, upper);
      model.changeObjectiveSense(sense === 'max' ? objectiveSense.maximize : objectiveSense.minimize);
      let status = model.run().modelStatus;
      // A warm start HiGHS cannot classify (degenerate, rare): the same LP from a fresh basis.
      if (status !== modelStatus.optimal && status !== modelStatus.unbounded && status !== modelStatus.unboundedOrInfeasible) {
        model.setLogicalBasis();
        status = model.run().modelStatus;
      }
      if (status === modelStatus.unbounded || status === modelStatus.unboundedOrInfeasible) return { status: 'unbounded', value: sense === 'max' ? Infinity : -Infinity };
      if (status !== modelStatus.optimal) throw new Error(`Audit du secret statistique : le programme linéaire n’a pas de solution (état ${status}) ; c’est une erreur du programme, signalez-la.`);
      seen(model.getSolution().colValue);
      return { status: 'optimal', value: model.getObjectiveValue() };
    };
    // The true values are a feasible point: a basis built from them (crossover) spares the first
    // solve its search for one.
    if (!noCrossover) {
      try {
        model.crossover({ colValue: truth, colDual: new Float64Array(m), rowDual: new Float64Array(rows.length) });
      } catch {
        // Without it, the first solve finds a basis of its own, on a model the failed crossover left
        // untouched (HiGHS may leave it in a state its next solve crashes on).
        model.dispose();
        model = build();
        model.options.set({ output_flag: false, presolve: 'off', simplex_strategy: 4 });
      }
    }
    const open = () => range(m).filter((j) => !settled(j));
    // Together: every unsettled count pushed towards its target, up then down, while that settles some.
    for (let round = 0; round < 3; round++) {
      const before = open();
      if (before.length === 0) break;
      const cost = new Float64Array(m);
      const upper = new Float64Array(m).fill(inf);
      for (const j of before) {
        cost[j] = 1;
        upper[j] = target(j);
      }
      run(cost, upper, 'max');
      const down = open().filter((j) => high[j] >= upTo[j] - 1e-9);
      if (down.length > 0) {
        cost.fill(0);
        for (const j of down) cost[j] = 1;
        run(cost, new Float64Array(m).fill(inf), 'min');
      }
      if (open().length === before.length) break;
    }
    // Alone: the counts still unsettled, solved exactly. Only the objective changes between these
    // solves, so the primal simplex starts each from the last optimum.
    const maxExact = new Uint8Array(m);
    const minExact = new Uint8Array(m);
    const free = new Float64Array(m).fill(inf);
    const cost = new Float64Array(m);
    for (const j of open()) {
      if (settled(j)) continue;
      cost.fill(0);
      cost[j] = 1;
      max[j] = run(cost, free, 'max').value;
      maxExact[j] = 1;
      high[j] = Math.max(high[j], max[j]);
      if (settled(j) || high[j] < upTo[j] - 1e-9) continue;
      min[j] = run(cost, free, 'min').value;
      minExact[j] = 1;
      low[j] = Math.min(low[j], min[j]);
    }
    for (let j = 0; j < m; j++) {
      if (!maxExact[j]) max[j] = high[j];
      if (Number.isNaN(min[j])) min[j] = low[j];
      else minExact[j] = 1;
    }
    return { min, max, exact: Uint8Array.from(minExact, (e, j) => e & maxExact[j]) };
  } finally {
    model.dispose();
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
