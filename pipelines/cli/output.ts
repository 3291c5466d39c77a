// Lists for a person (aligned columns) or for a script (--format json): one option name on
// every command that lists things.
import { z } from 'zod';

export const formatOption = { format: { type: 'string', default: 'table' } } as const;
export const formatSchema = z.enum(['table', 'json'], { message: 'attendu : table ou json' });

export interface Column<T> {
  title: string;
  value: (row: T) => string;
}

export function printList<T>(rows: T[], columns: Column<T>[], format: 'table' | 'json', json: (row: T) => unknown = (r) => r): void {
  if (format === 'json') {
    console.log(JSON.stringify(rows.map(json), null, 2));
    return;
  }
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(columns.map((c) => c.title)));
  console.log(line(widths.map((w) => '─'.repeat(w))));
  for (const row of cells) console.log(line(row));
}

// One formatter for every date: toLocaleString builds a new one at each call, a tenth of a second for a status.
let dateTimeFormat: Intl.DateTimeFormat | undefined;
/** 23/11/2026 14:05:09, as a French reader expects. */
export const frDateTime = (d: Date | string | null | undefined) =>
  d ? (dateTimeFormat ??= new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium' })).format(new Date(d)) : '—';

export const frDuration = (start: Date | string, end: Date | string | null) =>
  end ? `${((new Date(end).getTime() - new Date(start).getTime()) / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s` : '—';

/** Months in short: all of them when few, otherwise the first, the last and how many. */
export function monthsText(months: string[]): string {
  if (months.length <= 3) return months.join(', ');
  return `${months[0]} à ${months[months.length - 1]} (${months.length} mois)`;
}
