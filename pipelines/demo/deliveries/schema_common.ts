// What the demo's deliveries of the schéma's other fields (APA, MDPH, child protection, FSL)
// share: calendar chunks of a period, the communes drawn by population, and pseudonyms of their
// own (each producer pseudonymises with its own tool, so they do not match the social services').
import type { Month } from '../calendar.ts';
import type { Demo } from '../context.ts';
import { hashString, mix32, Weighted } from '../../random.ts';

/** Calendar chunks of 1, 3, 6 or 12 months, each with its period name (2025-03, 2025-T1, 2025-S1, 2025). */
export function periods(months: Month[], size: 1 | 3 | 6 | 12): { periode: string; months: Month[] }[] {
  const out = new Map<string, Month[]>();
  for (const m of months) {
    const periode = size === 1 ? m.id : size === 12 ? String(m.year) : size === 6 ? `${m.year}-S${m.month <= 6 ? 1 : 2}` : `${m.year}-T${Math.ceil(m.month / 3)}`;
    out.set(periode, [...(out.get(periode) ?? []), m]);
  }
  return [...out].map(([periode, ms]) => ({ periode, months: ms }));
}

/** Communes drawn by population, weighted up by hardship with this elasticity (0: population only). */
export const communesBy = (demo: Demo, elasticity: number) => new Weighted(demo.dep.communes.map((c) => c.population * c.precarite ** elasticity));

/** An opaque pseudonym of a producer's own, starting with a letter (no run of digits to look like a phone number). */
export function pseudonyms(producer: string, seed: number): (person: number) => string {
  const key = hashString(`pseudonymes-${producer}`, seed);
  return (person) => `p${mix32((person ^ key) >>> 0).toString(36).padStart(7, '0')}${(person >>> 20).toString(36)}`;
}

/** Requests spread over the days of a month, `perYear` a year. */
export const perMonth = (perYear: number, month: Month) => (perYear * (month.end - month.first)) / 365;
