// The DuckDB side of a contract: table columns, the cast of each raw text cell to its type and
// the checks of each cell, all as SQL over the raw cell, so that large files are checked by
// DuckDB and never turned into JavaScript objects.
import { expectedValue, type ColumnSpec } from './columns.ts';
import type { Contract } from './contract.ts';
import { sqlIdent, sqlString } from '../warehouse/duckdb.ts';

/** The raw cell, trimmed, with an empty cell as NULL. */
export const rawCell = (column: string) => `nullif(trim(${sqlIdent(column)}), '')`;

// A list, not IN (…): DuckDB turns an IN of five values or more into a join, and a load whose
// rows go through a join is written by one thread only.
const list = (values: readonly string[]) => `[${values.map((v) => sqlString(v.toLowerCase())).join(', ')}]`;

/** French and ISO dates; decimal comma or point; spaces (also no-break) as thousands separators. */
export function castExpression(column: ColumnSpec, raw = rawCell(column.name)): string {
  const digits = `replace(replace(replace(${raw}, ' ', ''), chr(160), ''), chr(8239), '')`;
  switch (column.duckType) {
    case 'DATE':
      return `coalesce(try_strptime(${raw}, '%d/%m/%Y'), try_strptime(${raw}, '%Y-%m-%d'))::DATE`;
    case 'INTEGER':
      return `try_cast(${digits} AS INTEGER)`;
    case 'DOUBLE':
      return `try_cast(replace(${digits}, ',', '.') AS DOUBLE)`;
    case 'BOOLEAN':
      return `CASE lower(${raw}) WHEN 'oui' THEN true WHEN 'non' THEN false END`;
    case 'VARCHAR':
      if (!column.values || column.multiple) return raw;
      // Values are matched whatever their case and stored as the contract spells them; NULL
      // outside the list. A list in lower case is first tried as written, which saves lowering
      // (a copy of the text) the cells that are already right.
      if (column.values.every((v) => v === v.toLowerCase())) {
        return `CASE WHEN list_contains(${list(column.values)}, ${raw}) THEN ${raw} WHEN list_contains(${list(column.values)}, lower(${raw})) THEN lower(${raw}) END`;
      }
      return `CASE lower(${raw}) ${column.values.map((v) => `WHEN ${sqlString(v.toLowerCase())} THEN ${sqlString(v)}`).join(' ')} END`;
  }
}

export interface CellCheck {
  /** Groups the problems of one kind in a report. */
  kind: string;
  column: string;
  /** SQL: true when the cell fails. */
  fails: string;
  /** What was found, in French (the value is left out where it might identify someone). */
  found: (value: string | null) => string;
  expected: string;
}

export function cellChecks(c: ColumnSpec, raw = rawCell(c.name), cast = castExpression(c, raw)): CellCheck[] {
  const expected = expectedValue(c);
  const check = (kind: string, fails: string, found: (v: string | null) => string): CellCheck => ({ kind: `${c.name}:${kind}`, column: c.name, fails, found, expected });
  const checks: CellCheck[] = [];
  if (!c.nullable) checks.push(check('manquante', `${raw} IS NULL`, () => 'cellule vide'));
  if (c.duckType !== 'VARCHAR') checks.push(check('invalide', `${raw} IS NOT NULL AND ${cast} IS NULL`, (v) => `« ${v} » n’est pas valide`));
  if (c.pattern) {
    const pattern = sqlString(c.pattern.source.replace(/^\^|\$$/g, ''));
    checks.push(check('forme', `${raw} IS NOT NULL AND NOT regexp_full_match(${raw}, ${pattern})`, (v) => `« ${v} » n’a pas la forme attendue`));
  }
  // The cast is NULL outside the list.
  if (c.values && !c.multiple) checks.push(check('hors_liste', `${raw} IS NOT NULL AND ${cast} IS NULL`, (v) => `« ${v} » n’est pas une valeur admise`));
  if (c.values && c.multiple) {
    checks.push(check('hors_liste', `${raw} IS NOT NULL AND len(list_filter(string_split(${raw}, '|'), x -> NOT list_contains(${list(c.values)}, lower(trim(x))))) > 0`, (v) => `« ${v} » contient une réponse non admise`));
  }
  const bounds = [c.min !== undefined ? `${cast} < ${c.min}` : '', c.max !== undefined ? `${cast} > ${c.max}` : ''].filter(Boolean);
  if (bounds.length > 0) checks.push(check('hors_bornes', `${cast} IS NOT NULL AND (${bounds.join(' OR ')})`, (v) => `« ${v} » est hors des bornes`));
  if (c.multipleOf) checks.push(check('arrondi', `${cast} IS NOT NULL AND ${cast} % ${c.multipleOf} <> 0`, (v) => `« ${v} » n’est pas un multiple de ${c.multipleOf}`));
  return checks;
}

export function tableColumns(contract: Contract): string {
  return contract.columns.map((c) => `${sqlIdent(c.name)} ${c.duckType}${nearlyAllDistinct(contract, c) ? ' USING COMPRESSION fsst' : ''}`).join(', ');
}

// Pseudonyms (hashes once loaded) and single-column identifiers are nearly all distinct: DuckDB
// stores them with FSST whichever way it looks, and looking (a dictionary of millions of strings
// tried on every row group) costs a large import about as much as hashing the pseudonyms. Kept in
// DuckDB's catalogue, though not in the table's SQL; tables made before keep choosing for themselves.
const nearlyAllDistinct = (contract: Contract, c: ColumnSpec) =>
  c.duckType === 'VARCHAR' && !c.values && !c.pattern
  && (c.name.endsWith('_pseudo') || (contract.key.length === 1 && contract.key[0] === c.name));

/** Where the rows of a source are kept in the warehouse, one set per active delivery. */
export const rawTable = (contract: Contract) => `raw.${sqlIdent(contract.source)}`;

/**
 * The month (AAAA-MM) of a row, where the format has one: the date column a delivery's period is
 * taken from, or a `mois` column (the import's own rule). A source partitioned by month is told by
 * its data, not by a flag repeated in each contract.
 */
export function monthOfRow(contract: Contract): string | undefined {
  if (contract.periodColumn) return `strftime(${sqlIdent(contract.periodColumn)}, '%Y-%m')`;
  if (contract.columns.some((c) => c.name === 'mois')) return sqlIdent('mois');
  return undefined;
}

/** SQL: the distinct months of the rows of these deliveries, in order. */
export function monthsOfDeliveries(contract: Contract, deliveryIds: string[]): string | undefined {
  const month = monthOfRow(contract);
  if (!month || deliveryIds.length === 0) return undefined;
  return `SELECT DISTINCT mois FROM (SELECT ${month} AS mois FROM ${rawTable(contract)} WHERE _livraison IN (${deliveryIds.map(sqlString).join(', ')}))
     WHERE mois IS NOT NULL ORDER BY mois`;
}
