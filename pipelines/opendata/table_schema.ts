// The Table Schema (Frictionless Data) of one published table: each column's type from DuckDB, its
// French description from the published dictionary (the `dictionnaire` table, itself generated from
// the models: one source of truth), its unit and allowed values where known, and what an empty cell
// means. Also the SELECT that writes the table as CSV in the formats the schema declares.
import { sqlIdent } from '../warehouse/duckdb.ts';
import { constraintsOf, unitOf, type FieldConstraints } from './constraints.ts';

export interface Column {
  name: string;
  type: string; // DuckDB type, e.g. VARCHAR, DECIMAL(17,15), TIMESTAMP WITH TIME ZONE
  description: string;
}

export interface Field {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime';
  format?: string;
  title?: string;
  description: string;
  unit?: string;
  constraints?: FieldConstraints;
  /** The DuckDB type of the column, to read the CSV back exactly (e.g. DECIMAL(17,15)). */
  duckdb_type: string;
}

export interface TableSchema {
  fields: Field[];
  missingValues: string[];
  primaryKey?: string[];
  foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
}

/** The columns masked by statistical secrecy: empty in a row whose `secret` is true. */
export const MASKED_COLUMNS = ['valeur', 'numerateur', 'denominateur', 'effectif'];

export const EMPTY_CELL = 'Une case vide est une valeur absente (« missingValues » : la chaîne vide).';
export const MASKED_CELL = 'Vide quand la ligne est sous secret statistique (colonne « secret » à true) : la valeur existe mais n’est pas publiée, ce n’est pas un zéro. Pour une part dont seul le numérateur est masqué (un petit groupe), le dénominateur et l’effectif restent publiés.';

function fieldType(duck: string): Pick<Field, 'type' | 'format'> {
  const t = duck.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(t)) return { type: 'integer' };
  if (/^(FLOAT|DOUBLE|REAL)$/.test(t) || t.startsWith('DECIMAL')) return { type: 'number' };
  if (t === 'BOOLEAN') return { type: 'boolean' };
  if (t === 'DATE') return { type: 'date' };
  // ISO 8601 with microseconds (UTC with « Z » for a time zone-aware column): « any » reads them.
  if (t.startsWith('TIMESTAMP')) return { type: 'datetime', format: 'any' };
  return { type: 'string' };
}

export function tableSchema(table: string, columns: Column[]): TableSchema {
  const names = new Set(columns.map((c) => c.name));
  const masked = names.has('secret');
  const fields = columns.map((c): Field => {
    const unit = unitOf(table, c.name);
    const constraints = constraintsOf(table, c.name);
    const description = masked && MASKED_COLUMNS.includes(c.name) ? `${c.description} ${MASKED_CELL}` : c.description;
    return {
      name: c.name,
      ...fieldType(c.type),
      description,
      ...(unit ? { unit } : {}),
      ...(constraints ? { constraints } : {}),
      duckdb_type: c.type,
    };
  });
  return { fields, missingValues: [''], ...KEYS[table] };
}

/** Keys the published tables hold (checked by the tests with the library's relation check). */
const KEYS: Record<string, Pick<TableSchema, 'primaryKey' | 'foreignKeys'>> = {
  catalogue: { primaryKey: ['indicateur'] },
  communes: { primaryKey: ['code_commune'] },
  contours: { foreignKeys: [{ fields: ['code_commune'], reference: { resource: 'communes', fields: ['code_commune'] } }] },
  indicateurs: { foreignKeys: [{ fields: ['indicateur'], reference: { resource: 'catalogue', fields: ['indicateur'] } }] },
};

/** The SELECT that writes a table as CSV: ISO 8601 dates and times, UTC for time zone-aware ones. */
export function csvSelect(table: string, columns: Column[]): string {
  const cols = columns.map((c) => {
    const t = c.type.toUpperCase();
    const id = sqlIdent(c.name);
    if (t === 'TIMESTAMP WITH TIME ZONE') return `strftime(timezone('UTC', ${id}), '%Y-%m-%dT%H:%M:%S.%fZ') AS ${id}`;
    if (t.startsWith('TIMESTAMP')) return `strftime(${id}, '%Y-%m-%dT%H:%M:%S.%f') AS ${id}`;
    if (t === 'DATE') return `strftime(${id}, '%Y-%m-%d') AS ${id}`;
    return id;
  });
  return `SELECT ${cols.join(', ')} FROM ${sqlIdent(table)}`;
}
