// Column builders for the extract contracts. Each returns a plain zod schema whose description
// documents the column; `describeColumn` reads the schema back to derive the DuckDB type, the
// SQL cast and the checks, so that a contract is the single source of all of them.
// zod's own vocabulary carries the meaning: `.nullable()` = the cell may be empty,
// `.optional()` = the column may be absent from the file.
import { z } from 'zod';

/** A commune code of the COG: 5 characters, Corsica uses 2A/2B. Stays text: 01001 keeps its zero. */
export const COMMUNE_CODE = /^(?:\d{5}|2[AB]\d{3})$/;
export const POSTAL_CODE = /^\d{5}$/;
export const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/;
export const DAYS = /^(?:lun|mar|mer|jeu|ven|sam|dim)(?:,(?:lun|mar|mer|jeu|ven|sam|dim))*$/;
export const HOURS = /^(?:[01]\d|2[0-3]):[0-5]\d-(?:[01]\d|2[0-4]):[0-5]\d(?:\/(?:[01]\d|2[0-3]):[0-5]\d-(?:[01]\d|2[0-4]):[0-5]\d)*$/;

// What a pattern means, said to the person who fixes the file.
const EXPECTED = new Map<RegExp, string>([
  [COMMUNE_CODE, 'un code INSEE de commune à 5 caractères (ex. 41018, 2A004)'],
  [POSTAL_CODE, 'un code postal à 5 chiffres (ex. 41000)'],
  [MONTH, 'un mois AAAA-MM (ex. 2025-03)'],
  [DAYS, 'des jours séparés par des virgules parmi lun, mar, mer, jeu, ven, sam, dim (ex. lun,mar,jeu)'],
  [HOURS, 'des plages HH:MM-HH:MM séparées par « / » (ex. 09:00-12:00/13:30-17:00)'],
]);

export const text = (doc: string) => z.string().min(1).describe(doc);
export const code = (doc: string, pattern: RegExp, expected?: string) => {
  if (expected) EXPECTED.set(pattern, expected);
  return z.string().regex(pattern).describe(doc);
};
export const communeCode = (doc: string) => code(doc, COMMUNE_CODE);
export const postalCode = (doc: string) => code(doc, POSTAL_CODE);
export const month = (doc: string) => code(doc, MONTH);
export const oneOf = <T extends [string, ...string[]]>(values: T, doc: string) => z.enum(values).describe(doc);
export const yesNo = (doc: string) => z.boolean().describe(doc);
export const date = (doc: string) => z.date().describe(doc);
export const integer = (doc: string) => z.number().int().nonnegative().describe(doc);
/** A count published rounded (the CAF rounds commune-level counts to multiples of 5). */
export const roundedCount = (doc: string, step: number) => z.number().int().nonnegative().multipleOf(step).describe(doc);
export const decimal = (doc: string) => z.number().nonnegative().describe(doc);
export const between = (doc: string, min: number, max: number) => z.number().min(min).max(max).describe(doc);
/** An empty cell is allowed and becomes NULL. */
export const optional = <T extends z.ZodTypeAny>(schema: T) => schema.nullable().describe(schema.description ?? '');
/** The column may be left out of the file altogether (and its cells may be empty). */
export const omissible = <T extends z.ZodTypeAny>(schema: T) => schema.nullable().optional().describe(schema.description ?? '');

export type DuckType = 'VARCHAR' | 'DATE' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN';

export interface ColumnSpec {
  name: string;
  doc: string;
  duckType: DuckType;
  nullable: boolean;
  /** The column may be absent from the file. */
  omissible?: boolean;
  pattern?: RegExp;
  /** Said when a value does not match `pattern`. */
  patternExpected?: string;
  values?: readonly string[];
  /** Several values of `values` in one cell, separated by `|` (multiple-choice questions). */
  multiple?: boolean;
  min?: number;
  max?: number;
  multipleOf?: number;
  /** Checked against the COG; merged communes are mapped to today's commune. */
  commune?: boolean;
  postalCode?: boolean;
  /** Free text: scrubbed of identifiers instead of refusing the file. */
  freeText?: boolean;
}

export function describeColumn(name: string, schema: z.ZodTypeAny): ColumnSpec {
  let inner = schema;
  let nullable = false;
  let omissible = false;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional) {
    if (inner instanceof z.ZodOptional) omissible = true;
    nullable = true;
    inner = inner.unwrap();
  }
  const doc = schema.description ?? inner.description ?? '';
  const base = { name, doc, nullable, ...(omissible ? { omissible } : {}) };
  if (inner instanceof z.ZodEnum) return { ...base, duckType: 'VARCHAR', values: inner.options as string[] };
  if (inner instanceof z.ZodBoolean) return { ...base, duckType: 'BOOLEAN' };
  if (inner instanceof z.ZodString) {
    const regex = inner._def.checks.find((c) => c.kind === 'regex');
    const pattern = regex?.kind === 'regex' ? regex.regex : undefined;
    return {
      ...base,
      duckType: 'VARCHAR',
      ...(pattern ? { pattern, patternExpected: EXPECTED.get(pattern) ?? `une valeur de la forme ${pattern.source}` } : {}),
      ...(pattern === COMMUNE_CODE ? { commune: true } : {}),
      ...(pattern === POSTAL_CODE ? { postalCode: true } : {}),
    };
  }
  if (inner instanceof z.ZodDate) return { ...base, duckType: 'DATE' };
  if (inner instanceof z.ZodNumber) {
    const spec: ColumnSpec = { ...base, duckType: inner.isInt ? 'INTEGER' : 'DOUBLE' };
    for (const check of inner._def.checks) {
      if (check.kind === 'min') spec.min = check.value;
      if (check.kind === 'max') spec.max = check.value;
      if (check.kind === 'multipleOf') spec.multipleOf = check.value;
    }
    return spec;
  }
  throw new Error(`Type zod non pris en charge pour la colonne ${name}`);
}

/** What a valid cell looks like, in French, for the report and the data dictionary. */
export function expectedValue(c: ColumnSpec): string {
  if (c.values) return `${c.multiple ? 'une ou plusieurs valeurs séparées par « | » parmi' : 'une valeur parmi'} : ${c.values.join(', ')}`;
  if (c.patternExpected) return c.patternExpected;
  const range = c.min !== undefined || c.max !== undefined ? ` entre ${c.min ?? '…'} et ${c.max ?? '…'}` : '';
  switch (c.duckType) {
    case 'DATE': return 'une date JJ/MM/AAAA ou AAAA-MM-JJ';
    case 'INTEGER': return `un nombre entier${c.min === 0 && c.max === undefined ? ' positif ou nul' : range}${c.multipleOf ? `, multiple de ${c.multipleOf}` : ''}`;
    case 'DOUBLE': return `un nombre (virgule ou point décimal)${c.min === 0 && c.max === undefined ? ' positif ou nul' : range}`;
    case 'BOOLEAN': return '« oui » ou « non »';
    default: return c.freeText ? 'un texte libre' : 'un texte';
  }
}
