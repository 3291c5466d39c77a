// Column builders for the extract contracts. Each returns a plain zod schema whose description
// documents the column; `describeColumn` reads the schema back to derive the DuckDB type, the
// SQL cast and the checks, so that a contract is the single source of all of them.
import { z } from 'zod';

/** A commune code of the COG: 5 characters, Corsica uses 2A/2B. Stays text: 01001 keeps its zero. */
export const COMMUNE_CODE = /^(?:\d{5}|2[AB]\d{3})$/;

export const text = (doc: string) => z.string().min(1).describe(doc);
export const code = (doc: string, pattern: RegExp) => z.string().regex(pattern).describe(doc);
export const communeCode = (doc: string) => code(doc, COMMUNE_CODE);
export const oneOf = <T extends [string, ...string[]]>(values: T, doc: string) => z.enum(values).describe(doc);
export const date = (doc: string) => z.date().describe(doc);
export const integer = (doc: string) => z.number().int().nonnegative().describe(doc);
export const decimal = (doc: string) => z.number().nonnegative().describe(doc);
/** An empty cell is allowed and becomes NULL. */
export const optional = <T extends z.ZodTypeAny>(schema: T) => schema.nullable().describe(schema.description ?? '');

export type DuckType = 'VARCHAR' | 'DATE' | 'INTEGER' | 'DOUBLE';

export interface ColumnSpec {
  name: string;
  doc: string;
  duckType: DuckType;
  nullable: boolean;
  pattern?: RegExp;
  values?: readonly string[];
}

export function describeColumn(name: string, schema: z.ZodTypeAny): ColumnSpec {
  let inner = schema;
  let nullable = false;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional) {
    nullable = true;
    inner = inner.unwrap();
  }
  const doc = schema.description ?? inner.description ?? '';
  if (inner instanceof z.ZodEnum) {
    return { name, doc, duckType: 'VARCHAR', nullable, values: inner.options as string[] };
  }
  if (inner instanceof z.ZodString) {
    const regex = inner._def.checks.find((c) => c.kind === 'regex');
    return { name, doc, duckType: 'VARCHAR', nullable, pattern: regex?.kind === 'regex' ? regex.regex : undefined };
  }
  if (inner instanceof z.ZodDate) return { name, doc, duckType: 'DATE', nullable };
  if (inner instanceof z.ZodNumber) {
    return { name, doc, duckType: inner.isInt ? 'INTEGER' : 'DOUBLE', nullable };
  }
  throw new Error(`Type zod non pris en charge pour la colonne ${name}`);
}
