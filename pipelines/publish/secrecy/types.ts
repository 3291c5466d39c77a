// The shapes the secrecy works on: published cells, the nesting of places, and what it decides.

export interface Cell {
  indicateur: string;
  niveau: string;
  code: string;
  periode: string;
  dimension: string;
  modalite: string;
  /** People behind the cell; null when the indicator does not count people (never masked). */
  effectif: number | null;
  /** For a rate or a ratio; a share's numerator is a count of people of its own. */
  numerateur?: number | null;
  denominateur?: number | null;
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

/**
 * An indicator's base count (header key `secret_base`): indicators naming the same base count the
 * same people at the same place, period and breakdown. `dimension`/`modalite`: the indicator's total
 * cells are that modality of the base (e.g. RSA households are the RSA modality of CAF households).
 */
export interface BaseCount {
  base: string;
  dimension?: string;
  modalite?: string;
  /**
   * The base that holds these people and others (`demandes_rdv_ou_attente dans demandes`): at the
   * same key, the attacker subtracts one from the other and reads a count of people of its own.
   */
  within?: string;
  /**
   * `secret_base: aucune`: the cells' effectif is not published (a median, a percentile: their value
   * reveals no count). Only the primary rule applies (effectif under the threshold: masked); the
   * cells take no part in the sums the attacker knows.
   */
  unpublished?: boolean;
}

/** The `secret_base` of an indicator whose effectif is not published. */
export const NO_BASE = 'aucune';

export interface SecrecyOptions {
  /** No published count of people under this (INSEE: 11). */
  threshold: number;
  /** The narrowest interval the attacker may reach for a masked count (setting). */
  minWidth: number;
  /** Indicator id → its base count; an indicator not listed is its own base. */
  bases?: Record<string, BaseCount>;
}

/**
 * `secret_base` as written in an indicator header: `demandes`, `caf_foyers[prestation=RSA]`, or
 * `demandes_rdv_ou_attente dans demandes`; `aucune` when the effectif is not published.
 */
export function parseBaseCount(text: string): BaseCount | undefined {
  const m = /^([a-z0-9_]+)(?:\[([a-z0-9_]+)=([^\]=]+)\])?(?: dans ([a-z0-9_]+))?$/.exec(text.trim());
  if (!m) return undefined;
  if (m[1] === NO_BASE && !m[2] && !m[4]) return { base: NO_BASE, unpublished: true };
  return { base: m[1], ...(m[2] ? { dimension: m[2], modalite: m[3] } : {}), ...(m[4] ? { within: m[4] } : {}) };
}
