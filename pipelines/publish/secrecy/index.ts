// Statistical secrecy of the whole publication, the door of this folder:
//   base_counts.ts  the counts of people each cell reveals (shared between indicators, editions);
//   sums.ts         the sums an attacker knows between them (places, breakdowns, months → year);
//   suppression.ts  primary and secondary suppression on the counts (exact elimination);
//   audit.ts        the attacker's interval of every masked count, by linear programming;
//   report.ts       information loss.
// Suppression and audit alternate: a count the audit finds too narrow gets one more complement,
// its component is audited again, until every masked count meets the rule.
import { baseCounts, EFFECTIF, type PublishedCell } from './base_counts.ts';
import { auditIntervals, type Interval } from './audit.ts';
import { informationLoss, type Loss } from './report.ts';
import { buildProblem } from './sums.ts';
import { PRIMARY, PUBLISHED, SECONDARY, suppressor } from './suppression.ts';
import type { Cell, Parent, SecrecyOptions, Suppression } from './types.ts';

export type { BaseCount, Cell, Parent, SecrecyOptions, Suppression, SumConstraint } from './types.ts';
export { parseBaseCount } from './types.ts';
export type { PublishedCell } from './base_counts.ts';
export { sumConstraints } from './sums.ts';
export { formatLoss, informationLoss, type Loss } from './report.ts';

export interface AuditRow {
  /** A cell that reveals the count (the first by key), to name it in messages. */
  cell: number;
  /** The base count, its key and true value. */
  base: string;
  niveau: string;
  code: string;
  periode: string;
  dimension: string;
  modalite: string;
  valeur: number;
  min: number;
  max: number;
  /** False when max is only a value the attacker cannot rule out (enough for the rule), not the optimum. */
  maxExact: boolean;
  conforme: boolean;
}

export interface SecrecyResult {
  /** Masked cells (by index in the input) and why: kept in the warehouse, never published. */
  masked: Map<number, Suppression>;
  /** Masked cells of a share that keep their denominator and effectif (only value and numerator withheld). */
  partial: Set<number>;
  audit: AuditRow[];
  /** Audit rows that break the rule (the publication must not go out). */
  failures: AuditRow[];
  loss: Loss[];
  /** Indicator periods whose base count disagrees with another indicator's (kept apart). */
  disagreements: string[];
  /** What the publication log should say of the protection (rounds spent, counts masked at once). */
  notes: string[];
}

/** Rounds of one complement per narrow sum before the fallback (more lower-level counts at once). */
const MAX_ROUNDS = 6;
/** Rounds of the fallback after those, each masking wider around the counts still too narrow. */
const FALLBACK_ROUNDS = 8;
/** The cost of a département's (or France's) total: masked as a complement only when nothing else will do. */
const TOP_COST = 1e15;
/** The cost of a département's breakdown cell (by motive…): after every lower-level cell. */
const TOP_LEVEL_COST = 1e12;

export async function applySecrecy(cells: PublishedCell[], parents: Parent[], options: SecrecyOptions): Promise<SecrecyResult> {
  const { threshold, minWidth } = options;
  const bc = baseCounts(cells, options.bases ?? {}, threshold);
  const pb = buildProblem(bc.counts, parents, bc.identities);
  const n = bc.counts.length;
  const rank = (count: number) => pb.rankOf[count];
  const count = (r: number) => pb.order[r];

  // A share's denominator masked masks the whole cell, so its numerator too; not the other way round.
  const withIt = new Map<number, number[]>();
  for (const [num, den] of bc.shares) withIt.set(rank(den), [...(withIt.get(rank(den)) ?? []), rank(num)].sort((a, b) => a - b));
  const none: number[] = [];
  const linked = (r: number) => withIt.get(r) ?? none;

  // A complement costs the people it hides; the département's counts last, and its totals (the
  // figures everyone reads) only when a sum holds nothing else to mask.
  const cost = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const x = bc.counts[c];
    const top = x.niveau === 'departement' || x.niveau === 'france';
    cost[rank(c)] = (x.effectif ?? 0) + (top ? (x.dimension === '' ? TOP_COST : TOP_LEVEL_COST) : 0);
  }
  const isTop = (r: number) => cost[r] >= TOP_COST;
  // A share's numerator → its denominator: widening the denominator widens the numerator.
  const denominatorOf = new Map<number, number>();
  for (const [num, den] of bc.shares) denominatorOf.set(rank(num), rank(den));

  const sup = suppressor(pb, linked, cost);
  // In key order, never input order, so that the result does not depend on it.
  const primaries = new Set<number>();
  for (const c of bc.primaryCounts) primaries.add(rank(c));
  for (const r of [...primaries].sort((a, b) => a - b)) sup.mask(r, PRIMARY);

  // What the attacker knows of each count: at least 1 when it is a cell that exists, else 0.
  const lower = new Float64Array(n);
  for (let c = 0; c < n; c++) lower[rank(c)] = bc.kind[c] === EFFECTIF ? Math.min(1, bc.counts[c].effectif ?? 0) : 0;
  const nested = bc.nested.map(([a, b]) => [rank(a), rank(b)] as [number, number]);
  const narrow = (iv: Interval) => iv.max < iv.upTo - 1e-6 || iv.max - iv.min < iv.width - 1e-6;
  // A small count must reach the threshold in the attacker's eyes.
  const upTo = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const v = pb.effectif[r];
    if (bc.kind[count(r)] === EFFECTIF ? v < threshold : v >= 1 && v < threshold) upTo[r] = threshold;
  }
  sup.protectLevels(upTo, lower);
  sup.settle();

  const rule = { upTo, width: minWidth, threshold };
  const intervals = new Map<number, Interval>();
  const differences = new Map<number, Interval>();
  const notes: string[] = [];
  const { start, members, sumsStart, sumsOf } = pb;
  // The count to widen for a narrow interval: itself, or the masked side of a difference (its part first).
  const subject = (iv: Interval) => (iv.rank >= 0 ? iv.rank : sup.state[nested[iv.pair][0]] !== PUBLISHED ? nested[iv.pair][0] : nested[iv.pair][1]);
  const settled = { rank: new Uint8Array(n), pair: new Uint8Array(nested.length) };
  // The cheapest of some candidate complements (-1: none), a total of the département only if allowed.
  const cheapestOf = (candidates: number[], allowTop: boolean) => {
    let best = -1;
    for (const c of candidates)
      if (c >= 0 && sup.state[c] === PUBLISHED && (allowTop || !isTop(c)) && (best < 0 || cost[c] < cost[best] || (cost[c] === cost[best] && c < best))) best = c;
    return best;
  };
  // The counts whose sums may give a complement to a narrow interval: its subject, then what holds
  // it (a share's denominator, the whole of a difference), widened from either.
  const around = (iv: Interval) => {
    const r = subject(iv);
    const whole = iv.rank >= 0 ? denominatorOf.get(r) : nested[iv.pair][1];
    return whole === undefined || whole === r ? [r] : [r, whole];
  };
  const sumMembers = (r: number, into: number[]) => {
    for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++)
      for (let i = start[sumsOf[j]]; i < start[sumsOf[j] + 1]; i++) into.push(members[i]);
    return into;
  };
  let toAudit: number[] | undefined;
  const forcedTops: string[] = [];
  let widened = 0;
  for (let round = 1; ; round++) {
    const before = sup.state.slice();
    const audited = await auditIntervals(pb, sup.state, nested, lower, rule, toAudit, settled);
    const found = audited.filter((iv) => !iv.earlier);
    for (const iv of found) {
      (iv.rank >= 0 ? intervals.set(iv.rank, iv) : differences.set(iv.pair, iv));
      if (!narrow(iv)) (iv.rank >= 0 ? (settled.rank[iv.rank] = 1) : (settled.pair[iv.pair] = 1));
    }
    const bad = found.filter(narrow).sort((a, b) => subject(a) - subject(b));
    if (bad.length === 0 || round > MAX_ROUNDS + FALLBACK_ROUNDS) break;
    // Every masked count of each block audited, those settled earlier too.
    const byComponent = new Map<number, Interval[]>();
    for (const iv of audited) byComponent.set(iv.component, [...(byComponent.get(iv.component) ?? []), iv]);
    const componentCounts = (iv: Interval) => byComponent.get(iv.component)!.flatMap((o) => (o.rank >= 0 ? [o.rank] : nested[o.pair]));
    let progress = false;
    // The fallback's counts: all those still too narrow once the rounds are spent or none progressed.
    const stuck: Interval[] = [];
    if (round <= MAX_ROUNDS) {
      // A complement for every narrow count at once, the cheapest next to it (or next to what holds
      // it), else in its block; one per sum and round, since one complement in a sum widens every
      // count of it. Never a total of the département here.
      const fixedSums = new Set<number>();
      for (const iv of bad) {
        const r = subject(iv);
        let already = false;
        for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) if (fixedSums.has(sumsOf[j])) already = true;
        if (already) continue;
        let fix = cheapestOf(around(iv).flatMap((x) => [x, ...sumMembers(x, [])]), false);
        if (fix < 0) fix = cheapestOf(componentCounts(iv).flatMap((x) => sumMembers(x, [])), false);
        // None: the complements of the others may widen it; audited again next round.
        if (fix < 0) continue;
        sup.mask(fix, SECONDARY);
        progress = true;
        for (let j = sumsStart[fix]; j < sumsStart[fix + 1]; j++) fixedSums.add(sumsOf[j]);
      }
    }
    if (!progress) stuck.push(...bad);
    // The fallback: every published lower-level count in a sum
    // with the narrow count (or with what holds it) at once; if there is none, in the sums of its
    // whole block; a total of the département only when nothing else is left (the log says so).
    // A total of the département only in a round where nothing else could be masked for any of
    // them: a count widened this round is audited again first (it may already meet the rule).
    for (const allowTop of [false, true]) {
      if (progress) break;
      for (const iv of stuck) {
        let done = false;
        const maskIt = (m: number) => {
          if (isTop(m)) forcedTops.push(`${bc.counts[count(m)].indicateur} ${bc.counts[count(m)].periode}`);
          sup.mask(m, SECONDARY);
          done = true;
        };
        for (const wide of [false, true]) {
          if (!wide) {
            for (const r of around(iv)) for (const m of sumMembers(r, [])) if (sup.state[m] === PUBLISHED && (allowTop || !isTop(m))) maskIt(m);
          } else {
            // In its whole block: the cheapest published count of each sum.
            for (const r of componentCounts(iv))
              for (let j = sumsStart[r]; j < sumsStart[r + 1]; j++) {
                const m = cheapestOf(Array.from(members.subarray(start[sumsOf[j]], start[sumsOf[j] + 1])), allowTop);
                if (m >= 0) maskIt(m);
              }
          }
          if (done) break;
        }
        if (done) widened++;
        progress ||= done;
      }
    }
    if (!progress) break;
    sup.settle();
    // The blocks touched, and those of every count still too narrow (one left without a complement
    // this round is audited again, never kept with its old interval).
    toAudit = bad.flatMap((iv) => (iv.rank >= 0 ? [iv.rank] : nested[iv.pair]));
    for (let r = 0; r < n; r++) if (before[r] === PUBLISHED && sup.state[r] !== PUBLISHED) toAudit.push(r);
  }
  if (widened > 0) notes.push(`${widened.toLocaleString('fr-FR')} comptes masqués encore trop étroits : toutes les cases de niveau inférieur de leurs sommes masquées d’un coup`);
  if (forcedTops.length > 0) {
    const names = [...new Set(forcedTops)];
    notes.push(`${names.length.toLocaleString('fr-FR')} totaux du département masqués faute d’autre complément (la somme de leurs parties masquées les aurait trahies) : ${names.slice(0, 5).join(', ')}${names.length > 5 ? '…' : ''}`);
  }

  const masked = new Map<number, Suppression>();
  const partial = new Set<number>();
  cells.forEach((_, i) => {
    const hidden = bc.countsOf[i].filter((c) => sup.state[rank(c)] !== PUBLISHED);
    if (hidden.length === 0) return;
    masked.set(i, bc.primary[i] ? 'primaire' : 'secondaire');
    if (hidden.every((c) => bc.kind[c] !== EFFECTIF)) partial.add(i);
  });
  for (const i of bc.standalonePrimary) {
    if (masked.has(i)) continue;
    masked.set(i, 'primaire');
    if (cells[i].effectif! >= threshold && !options.bases?.[cells[i].indicateur]?.unpublished) partial.add(i);
  }
  const row = (iv: Interval, c: number, base: string, valeur: number): AuditRow => {
    const k = bc.counts[c];
    return {
      cell: Math.min(...bc.cellsOf[c]),
      base, niveau: k.niveau, code: k.code, periode: k.periode, dimension: k.dimension, modalite: k.modalite,
      valeur, min: iv.min, max: iv.max, maxExact: iv.maxExact, conforme: !narrow(iv),
    };
  };
  const audit: AuditRow[] = [
    ...[...intervals.values()]
      .filter((iv) => sup.state[iv.rank] !== PUBLISHED)
      .sort((a, b) => a.rank - b.rank)
      .map((iv) => row(iv, count(iv.rank), bc.counts[count(iv.rank)].indicateur, bc.counts[count(iv.rank)].effectif ?? 0)),
    // A difference is named by its two counts, at the key of its part.
    ...[...differences.values()]
      .filter((iv) => nested[iv.pair].some((r) => sup.state[r] !== PUBLISHED))
      .sort((a, b) => a.pair - b.pair)
      .map((iv) => {
        const [part, whole] = nested[iv.pair].map(count);
        return row(iv, part, `${bc.counts[whole].indicateur} − ${bc.counts[part].indicateur}`, (bc.counts[whole].effectif ?? 0) - (bc.counts[part].effectif ?? 0));
      }),
  ];
  return {
    masked,
    partial,
    audit,
    failures: audit.filter((a) => !a.conforme),
    loss: informationLoss(cells, (i) => masked.has(i)),
    disagreements: bc.disagreements,
    notes,
  };
}

/** Throws, in French, naming the first cell whose masked count the attacker narrows beyond the rule. */
export function assertAudit(result: SecrecyResult, cells: Cell[], options: SecrecyOptions): void {
  const f = result.failures[0];
  if (!f) return;
  const c = cells[f.cell];
  const where = [`indicateur « ${c.indicateur} »`, `niveau « ${c.niveau} »`, `code « ${c.code} »`, `période « ${c.periode} »`, ...(c.dimension ? [`${c.dimension} « ${c.modalite} »`] : [])].join(', ');
  const interval = `entre ${fmt(f.min)} et ${fmt(f.max)}`;
  throw new Error(
    `Secret statistique : publication bloquée. La case masquée ${where} peut être encadrée ${interval} à partir des chiffres publiés ` +
      `(règle : un encadrement d’au moins ${options.minWidth} et, pour un petit effectif, une borne haute d’au moins ${options.threshold}). ` +
      `${result.failures.length > 1 ? `${result.failures.length} cases sont dans ce cas. ` : ''}` +
      'Le détail est dans la table secret.audit de l’entrepôt ; signalez-le à l’équipe qui maintient Solidata.',
  );
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toLocaleString('fr-FR', { maximumFractionDigits: 2 }) : 'l’infini');
