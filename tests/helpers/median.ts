// The expected figures computed by another route than the SQL: straight from the demo CSV, in JavaScript.
import { demoLines } from './fixtures.ts';

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

/** Days from request to first appointment, per site, for requests that got one. */
export function waitsBySite(file: string): Map<string, number[]> {
  const [header, ...rows] = demoLines(file);
  const cols = header.split(';');
  const at = (name: string) => cols.indexOf(name);
  const bySite = new Map<string, number[]>();
  for (const line of rows) {
    const f = line.split(';');
    if (!f[at('date_premier_rdv')]) continue;
    const days = (toDate(f[at('date_premier_rdv')]) - toDate(f[at('date_demande')])) / 86_400_000;
    bySite.set(f[at('site_id')], [...(bySite.get(f[at('site_id')]) ?? []), days]);
  }
  return bySite;
}
