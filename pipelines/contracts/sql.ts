// The DuckDB side of a contract: table columns and the cast of each raw text cell to its type.
import type { ColumnSpec } from './columns.ts';
import type { Contract } from './contract.ts';
import { sqlIdent } from '../warehouse/duckdb.ts';

/** The raw cell, trimmed, with an empty cell as NULL. */
export const rawCell = (column: string) => `nullif(trim(${sqlIdent(column)}), '')`;

/** French and ISO dates; decimal comma or point; spaces (also no-break) as thousands separators. */
export function castExpression(column: ColumnSpec): string {
  const raw = rawCell(column.name);
  const digits = `replace(replace(replace(${raw}, ' ', ''), chr(160), ''), chr(8239), '')`;
  switch (column.duckType) {
    case 'DATE':
      return `coalesce(try_strptime(${raw}, '%Y-%m-%d'), try_strptime(${raw}, '%d/%m/%Y'))::DATE`;
    case 'INTEGER':
      return `try_cast(${digits} AS INTEGER)`;
    case 'DOUBLE':
      return `try_cast(replace(${digits}, ',', '.') AS DOUBLE)`;
    case 'VARCHAR':
      return column.values ? `lower(${raw})` : raw;
  }
}

export function tableColumns(contract: Contract): string {
  return contract.columns.map((c) => `${sqlIdent(c.name)} ${c.duckType}`).join(', ');
}

/** Where the rows of a source are kept in the warehouse, one set per active delivery. */
export const rawTable = (contract: Contract) => `raw.${sqlIdent(contract.source)}`;
