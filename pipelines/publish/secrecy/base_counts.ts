// Base counts: the counts of people each published cell reveals. The secrecy is decided on these,
// not on cells, so that the same people counted by several indicators (received requests, the
// requests behind a median and behind a p90, a rate's denominator), at several levels, periods and
// editions, are one unknown for the attacker and are masked everywhere at once.
//
// - A cell's effectif is a count of its indicator's base (header key `secret_base`, else the
//   indicator itself), at the cell's place, period and breakdown.
// - A share (its denominator is its effectif) also reveals its numerator, a count of its own that adds
//   up like any other; the numerator is at most the denominator. A small numerator (or denominator
//   − numerator) withholds the numerator and the value only: the denominator stays published (it is
//   often published anyway, as another indicator's count). A masked denominator withholds the whole cell. A ratio per inhabitants or per
//   full-time equivalent whose numerator is its effectif reveals nothing more.
// - An indicator declared `secret_base: aucune` (a median, a percentile) does not publish its
//   effectif: it reveals no count, and is masked only when its effectif is under the threshold.
// - Each indicator has counts of its own, tied by its own sums; a frozen edition's cell that shows the
//   same count as today is that count (it is masked with it); counts of the same
//   base at the same key that agree are tied by an identity (a = b). Where they disagree (e.g. a
//   denominator that leaves out the last 15 days) no identity is assumed, and the log says so.
import type { BaseCount, Cell } from './types.ts';

export const EFFECTIF = 0;
export const NUMERATEUR = 1;

/** A cell of the whole publication: one of the current indicators, or of a frozen edition still published. */
export interface PublishedCell extends Cell {
  /** '' for the current publication. */
  edition?: string;
}

export interface BaseCounts {
  /** The counts, as keyed cells whose `indicateur` names their base; `effectif` is the true count. */
  counts: Cell[];
  kind: Uint8Array;
  /** Cell index → the counts it reveals (empty when it counts no people: never masked). */
  countsOf: number[][];
  /** Count index → the cells that reveal it. */
  cellsOf: number[][];
  /** [numerator, denominator] of each share, as count indices: numerator ≤ denominator. */
  shares: [number, number][];
  /**
   * [part, whole] pairs whose difference the attacker reads as a count of people: each share
   * (denominator − numerator), and each base declared `dans` another at the same key (requests
   * received − requests with an appointment or pending).
   */
  nested: [number, number][];
  /** Pairs of counts that are the same people (same base, same key, same value): equal. */
  identities: [number, number][];
  /** Cells that reveal a small group by themselves (primary suppression). */
  primary: Uint8Array;
  /** The counts primary suppression hides: a small effectif, or a share's small numerator (or complement). */
  primaryCounts: number[];
  /**
   * Cells masked by themselves, outside the sums: a frozen edition's cell that showed a small group
   * (masked in its published copy), a cell whose effectif is not published (`secret_base: aucune`)
   * under the threshold.
   */
  standalonePrimary: number[];
  /** Base counts that disagree between indicators (kept apart), for the publication log. */
  disagreements: string[];
}

/** Indicators whose numerator is a count of people of its own: the denominator is the effectif. */
function shareIndicators(cells: PublishedCell[]): Set<string> {
  const denIsEffectif = new Map<string, boolean>();
  const numIsEffectif = new Map<string, boolean>();
  for (const c of cells) {
    if (c.effectif === null || c.numerateur == null || c.denominateur == null) continue;
    denIsEffectif.set(c.indicateur, (denIsEffectif.get(c.indicateur) ?? true) && c.denominateur === c.effectif);
    numIsEffectif.set(c.indicateur, (numIsEffectif.get(c.indicateur) ?? true) && c.numerateur === c.effectif);
  }
  return new Set([...denIsEffectif].filter(([k, v]) => v && !numIsEffectif.get(k)).map(([k]) => k));
}

export function baseCounts(cells: PublishedCell[], bases: Record<string, BaseCount>, threshold: number): BaseCounts {
  const shares = shareIndicators(cells);
  const small = (x: number) => x >= 1 && x <= threshold - 1;
  const counts: Cell[] = [];
  const kind: number[] = [];
  const countsOf: number[][] = cells.map(() => []);
  const cellsOf: number[][] = [];
  const primary = new Uint8Array(cells.length);
  const pairs: [number, number][] = [];
  const primaryCounts: number[] = [];
  // Claims on a base count: (base, key) → the counts that say its value.
  const claims = new Map<string, number[]>();
  // Counts of a base held in another: [count, id of the same key in the holding base].
  const heldIn: [number, string][] = [];
  const add = (i: number, what: number, namespace: string, value: number) => {
    const c = cells[i];
    const n = counts.push({ indicateur: namespace, niveau: c.niveau, code: c.code, periode: c.periode, dimension: c.dimension, modalite: c.modalite, effectif: value }) - 1;
    kind.push(what);
    cellsOf.push([i]);
    countsOf[i].push(n);
    return n;
  };
  // The current publication's counts by indicator and key, for the editions' cells.
  const current = new Map<string, number>();
  const keyOf = (c: Cell, what: number) => [c.indicateur, what, c.niveau, c.code, c.periode, c.dimension, c.modalite].join('\u0000');
  const editionCells: number[] = [];
  const standalonePrimary: number[] = [];
  cells.forEach((c, i) => {
    if (c.effectif === null) return;
    if (bases[c.indicateur]?.unpublished) {
      // A median or a percentile without its effectif reveals no count: the primary rule only.
      if (c.effectif < threshold) {
        primary[i] = 1;
        standalonePrimary.push(i);
      }
      return;
    }
    if (c.edition) {
      editionCells.push(i);
      return;
    }
    // Each indicator keeps counts of its own, so that its own sums always hold.
    const own = c.indicateur;
    const e = add(i, EFFECTIF, own, c.effectif);
    current.set(keyOf(c, EFFECTIF), e);
    if (c.effectif < threshold) {
      primary[i] = 1;
      primaryCounts.push(e);
    }
    const decl = bases[c.indicateur] ?? { base: c.indicateur };
    const [dimension, modalite] = decl.dimension && c.dimension === '' ? [decl.dimension, decl.modalite ?? ''] : [c.dimension, c.modalite];
    const id = [decl.base, c.niveau, c.code, c.periode, dimension, modalite].join('\u0000');
    const list = claims.get(id);
    if (list) list.push(e);
    else claims.set(id, [e]);
    if (decl.within) heldIn.push([e, [decl.within, c.niveau, c.code, c.periode, dimension, modalite].join('\u0000')]);
    if (shares.has(c.indicateur) && c.numerateur != null) {
      const num = add(i, NUMERATEUR, `${own}#numerateur`, c.numerateur);
      current.set(keyOf(c, NUMERATEUR), num);
      pairs.push([num, e]);
      const rest = (c.denominateur ?? c.effectif) - c.numerateur;
      // Only the numerator is withheld: the denominator alone says nothing of the small group.
      if ((small(c.numerateur) || small(rest)) && !primary[i]) {
        primary[i] = 1;
        primaryCounts.push(num);
      }
    }
  });
  // A frozen edition showed only some of its cells (the others masked then), so its sums cannot be
  // written; a cell it showed that gives the same count as today is that count, masked with it. A
  // revised count is a fact of its own, published then; it is masked now if it shows a small group.
  for (const i of editionCells) {
    const c = cells[i];
    const share = shares.has(c.indicateur) && c.numerateur != null;
    const rest = (c.denominateur ?? c.effectif!) - (c.numerateur ?? 0);
    if (c.effectif! < threshold || (share && (small(c.numerateur!) || small(rest)))) {
      primary[i] = 1;
      standalonePrimary.push(i);
    }
    for (const [what, value] of [[EFFECTIF, c.effectif!], ...(share ? [[NUMERATEUR, c.numerateur!]] : [])] as [number, number][]) {
      const n = current.get(keyOf(c, what));
      if (n !== undefined && counts[n].effectif === value) {
        countsOf[i].push(n);
        cellsOf[n].push(i);
      }
    }
  }

  // A base held in another: the difference at the same key is a count of people too; when it is a
  // small group, the part is withheld (as a share's numerator is).
  const nested: [number, number][] = [...pairs];
  for (const [part, id] of heldIn) {
    const whole = claims.get(id)?.[0];
    if (whole === undefined) continue;
    const rest = counts[whole].effectif! - counts[part].effectif!;
    // A whole smaller than its part counts other people (another window, another date): no pair.
    if (rest < 0) continue;
    nested.push([part, whole]);
    const i = cellsOf[part][0];
    if (small(rest) && !primary[i]) {
      primary[i] = 1;
      primaryCounts.push(part);
    }
  }

  // Counts of one base at one key that agree are one unknown: an identity (a sum of one part) ties them.
  const identities: [number, number][] = [];
  const apart = new Map<string, number>();
  for (const list of claims.values()) {
    if (list.length < 2) continue;
    const first = list[0];
    for (const other of list.slice(1)) {
      if (counts[other].effectif === counts[first].effectif) identities.push([first, other]);
      else {
        const pair = `${counts[other].indicateur} ≠ ${counts[first].indicateur}`;
        apart.set(pair, (apart.get(pair) ?? 0) + 1);
      }
    }
  }
  return { counts, kind: Uint8Array.from(kind), countsOf, cellsOf, shares: pairs, nested, identities, primary, primaryCounts, standalonePrimary, disagreements: [...apart].sort().map(([pair, k]) => `${pair} (${k.toLocaleString('fr-FR')} cases)`) };
}
