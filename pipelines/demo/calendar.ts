// Dates as whole day numbers (days since 1970-01-01, UTC): cheap to add, compare and format in
// the hot loops. Formatting goes through a cache, since a demo spans a few thousand days at most.

export const DAY_MS = 86_400_000;

export const dayOf = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / DAY_MS;

export interface Month {
  year: number;
  /** 1-12 */
  month: number;
  /** AAAA-MM */
  id: string;
  first: number;
  /** The first day of the next month. */
  end: number;
}

export function monthOf(year: number, month: number): Month {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return { year: y, month: m, id: `${y}-${String(m).padStart(2, '0')}`, first: dayOf(y, m, 1), end: dayOf(y, m + 1, 1) };
}

/** The months from `first` to `last` (both AAAA-MM), in order. */
export function monthsBetween(first: string, last: string): Month[] {
  const [fy, fm] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  const out: Month[] = [];
  for (let i = 0; fy * 12 + fm + i <= ly * 12 + lm; i++) out.push(monthOf(fy, fm + i));
  return out;
}

/** 0 = Monday … 6 = Sunday. */
export const weekday = (day: number) => (((day + 3) % 7) + 7) % 7;

/** Moves a weekend day to the next Monday: services receive people on working days. */
export const workingDay = (day: number) => {
  const w = weekday(day);
  return w === 5 ? day + 2 : w === 6 ? day + 1 : day;
};

const parts = (day: number) => {
  const d = new Date(day * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()] as const;
};
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

export const isoDate = (day: number) => {
  const [y, m, d] = parts(day);
  return `${y}-${pad(m)}-${pad(d)}`;
};
export const frDate = (day: number) => {
  const [y, m, d] = parts(day);
  return `${pad(d)}/${pad(m)}/${y}`;
};
export const jsDate = (day: number) => new Date(day * DAY_MS);

/** Formats days between `from` and `to` from a table built once. */
export class DateFormatter {
  private readonly cache: string[];

  constructor(private readonly from: number, to: number, private readonly format: (day: number) => string) {
    this.cache = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => format(from + i));
  }

  text(day: number): string {
    return this.cache[day - this.from] ?? this.format(day);
  }
}

export const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
