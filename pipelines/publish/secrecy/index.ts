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
  audit: AuditRow[];
  /** Audit rows that break the rule (the publication must not go out). */
  failures: AuditRow[];
  loss: Loss[];
  /** Indicator periods whose base count disagrees with another indicator's (kept apart). */
  disagreements: string[];
}

/** Masks the cells of the whole publication and audits the result against the attacker. */
export async function applySecrecy(cells: PublishedCell[], parents: Parent[], options: SecrecyOptions): Promise<SecrecyResult> {
  const { threshold, minWidth } = options;
  const bc = baseCounts(cells, options.bases ?? {}, threshold);
  const pb = buildProblem(bc.counts, parents, bc.identities);
  const n = bc.counts.length;
  const rank = (count: number) => pb.rankOf[count];
  const count = (r: number) => pb.order[r];

  // Counts revealed by the same cells are masked together (union-find over counts, through cells).
  const root = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => (root[x] === x ? x : (root[x] = find(root[x])));
  for (const cs of bc.countsOf) for (let j = 1; j < cs.length; j++) root[find(cs[j])] = find(cs[0]);
  const groups = new Map<number, number[]>();
  for (let c = 0; c < n; c++) {
    const members = groups.get(find(c));
    if (members) members.push(rank(c));
    else groups.set(find(c), [rank(c)]);
  }
  for (const members of groups.values()) members.sort((a, b) => a - b);
  const linked = (r: number) => groups.get(find(count(r)))!;

  // A complement costs the people it hides; the département's counts only when nothing else will do.
  const cost = new Float64Array(n);
  for (const members of groups.values()) {
    let people = 0;
    let top = false;
    for (const r of members) {
      const c = bc.counts[count(r)];
      if (bc.kind[count(r)] === EFFECTIF) people += c.effectif ?? 0;
      if (c.niveau === 'departement' || c.niveau === 'france') top = true;
    }
    for (const r of members) cost[r] = people + (top ? 1e12 : 0);
  }

  const sup = suppressor(pb, linked, cost);
  // In key order, never input order, so that the result does not depend on it.
  const primaries = new Set<number>();
  for (let i = 0; i < cells.length; i++) if (bc.primary[i]) for (const c of bc.countsOf[i]) primaries.add(rank(c));
  for (const r of [...primaries].sort((a, b) => a - b)) sup.mask(r, PRIMARY);
  sup.settle();

  const lower = new Float64Array(n);
  for (let c = 0; c < n; c++) lower[rank(c)] = bc.kind[c] === EFFECTIF ? Math.min(1, bc.counts[c].effectif ?? 0) : 0;
  const shares = bc.shares.map(([a, b]) => [rank(a), rank(b)] as [number, number]);
  const narrow = (iv: Interval) => iv.max < rule.upTo[iv.rank] - 1e-6 || iv.max - iv.min < minWidth - 1e-6;

  const upTo = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const v = pb.effectif[r];
    if (bc.kind[count(r)] === EFFECTIF ? v < threshold : v >= 1 && v < threshold) upTo[r] = threshold;
  }
  const rule = { upTo, width: minWidth };
  const intervals = new Map<number, Interval>();
  let toAudit: number[] | undefined;
  for (;;) {
    const before = sup.state.slice();
    const found = await auditIntervals(pb, sup.state, shares, lower, rule, toAudit);
    for (const iv of found) intervals.set(iv.rank, iv);
    const bad = found.filter(narrow);
    if (bad.length === 0) break;
    // One more complement per narrow component, the cheapest next to one of its counts.
    const done = new Set<number>();
    let progress = false;
    for (const iv of bad) {
      if (done.has(iv.component)) continue;
      done.add(iv.component);
      let fix = sup.fixFor(iv.rank);
      if (fix < 0) for (const o of found) if (o.component === iv.component && fix < 0) fix = sup.fixFor(o.rank);
      if (fix >= 0) {
        sup.mask(fix, SECONDARY);
        progress = true;
      }
    }
    if (!progress) break;
    sup.settle();
    toAudit = [];
    for (let r = 0; r < n; r++) if (before[r] === PUBLISHED && sup.state[r] !== PUBLISHED) toAudit.push(r);
  }

  const masked = new Map<number, Suppression>();
  cells.forEach((_, i) => {
    if (bc.countsOf[i].some((c) => sup.state[rank(c)] !== PUBLISHED)) masked.set(i, bc.primary[i] ? 'primaire' : 'secondaire');
  });
  const audit: AuditRow[] = [...intervals.values()]
    .filter((iv) => sup.state[iv.rank] !== PUBLISHED)
    .sort((a, b) => a.rank - b.rank)
    .map((iv) => {
      const c = bc.counts[count(iv.rank)];
      return {
        cell: Math.min(...bc.cellsOf[count(iv.rank)]),
        base: c.indicateur, niveau: c.niveau, code: c.code, periode: c.periode, dimension: c.dimension, modalite: c.modalite,
        valeur: c.effectif ?? 0, min: iv.min, max: iv.max, maxExact: iv.maxExact, conforme: !narrow(iv),
      };
    });
  return {
    masked,
    audit,
    failures: audit.filter((a) => !a.conforme),
    loss: informationLoss(cells, (i) => masked.has(i)),
    disagreements: bc.disagreements,
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
