// One result, written in the format asked for on the command line.
import { formatCsv, formatJson } from './format_data.ts';
import { formatTable } from './format_table.ts';
import type { StatementResult } from './sql_session.ts';

export type TextFormat = 'table' | 'csv' | 'json';

/** Table rows beyond this are not read: a person reads no more, a script asks for csv. */
export const TABLE_MAX_ROWS = 1000;

export function renderText(result: StatementResult, format: TextFormat): string {
  if (format === 'csv') return formatCsv(result);
  if (format === 'json') return `${formatJson(result)}\n`;
  return `${formatTable(result)}\n`;
}
