// The expected figures computed by another route than the SQL: straight from the demo CSV, in JavaScript.
import { demoLines } from './fixtures.ts';
import { quantileKM, type Duree } from '../indicators/km.ts';

const toDate = (fr: string) => {
  const [d, m, y] = fr.split('/').map(Number);
  return Date.UTC(y, m - 1, d);
};

/** Linear-interpolated median, as DuckDB's quantile_cont(…, 0.5). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) / 2;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.ceil(pos)] - s[lo]) * (pos - lo);
}

/**
 * Days from request to first appointment, per site, as time-to-event data judged at the date of the
 * file's data (its latest date, when no extraction date is given): an appointment is an event, an
 * open request (en_cours) without one is censored at its wait so far, the others are left out.
 */
export function waitsBySite(file: string): Map<string, Duree[]> {
  const [header, ...rows] = demoLines(file);
  const cols = header.split(';');
  const at = (name: string) => cols.indexOf(name);
  const records = rows.map((line) => line.split(';'));
  const dataDate = Math.max(...records.flatMap((f) => [f[at('date_demande')], f[at('date_premier_rdv')]]).filter(Boolean).map(toDate));
  const bySite = new Map<string, Duree[]>();
  for (const f of records) {
    const asked = toDate(f[at('date_demande')]);
    const rdv = f[at('date_premier_rdv')];
    const d: Duree | null = rdv ? { jours: (toDate(rdv) - asked) / 86_400_000, evenement: true }
      : f[at('issue')] === 'en_cours' ? { jours: (dataDate - asked) / 86_400_000, evenement: false } : null;
    if (d) bySite.set(f[at('site_id')], [...(bySite.get(f[at('site_id')]) ?? []), d]);
  }
  return bySite;
}

/** The Kaplan–Meier median of the reference implementation (null: not reached). */
export const medianKM = (durees: Duree[]) => quantileKM(durees, 0.5);
