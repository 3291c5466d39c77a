// Query results for a program: CSV (RFC 4180, decimal point) and JSON (an array of objects).
import {
  DuckDBArrayValue, DuckDBDecimalValue, DuckDBListValue, DuckDBMapValue, DuckDBStructValue, type DuckDBValue,
} from '@duckdb/node-api';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../config.ts';
import type { StatementResult } from './sql_session.ts';

// The dashboard's rule, from its own module (plain JavaScript, run in the browser too).
const { neutraliserFormule } = (await import(pathToFileURL(path.join(projectRoot, 'components', 'csv.js')).href)) as { neutraliserFormule: (text: string) => string };

export function formatCsv({ columns, rows }: StatementResult): string {
  const line = (values: string[]) => values.map(csvField).join(',');
  return [line(columns.map((c) => c.name)), ...rows.map((row) => line(row.map((v) => (v === null ? '' : csvText(v)))))].join('\r\n') + '\r\n';
}

export function formatJson({ columns, rows }: StatementResult): string {
  return JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, jsonValue(row[i])]))), null, 2);
}

/** Big integers as numbers when a double holds them exactly, as strings otherwise. */
export function jsonValue(value: DuckDBValue): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof DuckDBDecimalValue) return value.width <= 15 ? value.toDouble() : value.toString();
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(jsonValue);
  if (value instanceof DuckDBStructValue) return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, jsonValue(v)]));
  if (value instanceof DuckDBMapValue) return value.entries.map(({ key, value: v }) => ({ key: jsonValue(key), value: jsonValue(v) }));
  return String(value);
}

function csvText(value: DuckDBValue): string {
  // Exact digits: a CSV reader parses them itself.
  if (typeof value === 'string' || typeof value === 'bigint' || value instanceof DuckDBDecimalValue) return value.toString();
  const json = jsonValue(value);
  return typeof json === 'object' ? JSON.stringify(json) : String(json);
}

function csvField(raw: string): string {
  const text = neutraliserFormule(raw);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
