// Query results for a person at a terminal: aligned columns, numbers the French way and
// right-aligned, long cells cut, and how many rows.
import { DuckDBDecimalValue, DuckDBTypeId, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { StatementResult } from './sql_session.ts';

const NUMERIC = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL, DuckDBTypeId.BIGNUM,
]);

export const isNumeric = (type: DuckDBType) => NUMERIC.has(type.typeId);

export const NULL_TEXT = 'NULL';

export function formatTable(result: StatementResult, { maxWidth = 40 }: { maxWidth?: number } = {}): string {
  if (!result.isQuery && result.columns.length <= 1 && result.rows.length <= 1) return 'OK';
  const right = result.columns.map((c) => isNumeric(c.type));
  const cells = result.rows.map((row) => row.map((value) => cut(displayValue(value), maxWidth)));
  const titles = result.columns.map((c) => cut(c.name, maxWidth));
  const widths = titles.map((t, i) => Math.max(width(t), ...cells.map((row) => width(row[i]))));
  const line = (values: string[]) => values.map((v, i) => pad(v, widths[i], right[i])).join('  ').trimEnd();
  const out = [line(titles), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line), rowCount(result)];
  return out.join('\n');
}

/** « 3 lignes », « 1 ligne », « 0 ligne » (French takes the singular below two). */
export function rowCount({ rows, truncated }: StatementResult): string {
  if (truncated) return `${frInteger(BigInt(rows.length))} premières lignes affichées, il y en a davantage : ajoutez LIMIT, ou --format csv pour tout exporter.`;
  return `${frInteger(BigInt(rows.length))} ${rows.length < 2 ? 'ligne' : 'lignes'}`;
}

/** One value as a French reader expects it; dates stay ISO, as one types them in SQL. */
export function displayValue(value: DuckDBValue): string {
  if (value === null) return NULL_TEXT;
  if (typeof value === 'bigint') return frInteger(value);
  if (typeof value === 'number') return frNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof DuckDBDecimalValue) return frDecimalText(value.toString());
  return String(value).replace(/\r?\n/g, '↵').replace(/\t/g, ' ');
}

/**
 * Space between thousands, from five digits on: French typography leaves four-digit numbers
 * whole, which keeps years (2024) readable.
 */
export function frInteger(value: bigint): string {
  const digits = (value < 0n ? -value : value).toString();
  const grouped = digits.length < 5 ? digits : digits.replace(/\B(?=(\d{3})+$)/g, ' ');
  return value < 0n ? `-${grouped}` : grouped;
}

export function frNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '-∞';
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 53) return frInteger(BigInt(value));
  const text = Math.abs(value) >= 1e15 || (value !== 0 && Math.abs(value) < 1e-6)
    ? Number(value.toPrecision(7)).toExponential()
    : value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return frDecimalText(text);
}

/** "-1234.50" → "-1 234,50": the digits kept as they are, only the marks are French. */
function frDecimalText(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(e.*)?$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction, exponent] = match;
  return `${sign}${frInteger(BigInt(whole))}${fraction ? `,${fraction}` : ''}${exponent ?? ''}`;
}

const width = (text: string) => [...text].length;

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function pad(text: string, size: number, right: boolean): string {
  const gap = ' '.repeat(Math.max(0, size - width(text)));
  return right ? gap + text : text + gap;
}
