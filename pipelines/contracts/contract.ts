// An extract contract: the one description of an exchange format, from which the TypeScript
// type, the DuckDB columns, the row checks and the data dictionary are all derived.
import { z } from 'zod';
import { describeColumn, type ColumnSpec } from './columns.ts';

export interface ContractDefinition<S extends z.ZodRawShape> {
  source: string;
  /** One row is… (French, for the data dictionary). */
  row: string;
  /** Person-level files are scanned for direct identifiers and their pseudonyms are re-hashed. */
  personLevel: boolean;
  /** Columns whose values identify a row within one delivery. */
  key: (keyof S & string)[];
  /** Column holding the date that defines the delivery's period when the file name does not. */
  periodColumn?: keyof S & string;
  /** Groups of columns of which each row must fill at least one (and the file hold at least one). */
  atLeastOne?: (keyof S & string)[][];
  /** Pairs of date columns [earlier, later]: where both are filled, the later may not precede the earlier. */
  ordered?: [keyof S & string, keyof S & string][];
  /** Further columns `Qn - question` described by a questionnaire file (consultation). */
  questions?: boolean;
  /** What else the dictionary should say about this format (French). */
  notes?: string[];
  shape: S;
}

export interface Contract<S extends z.ZodRawShape = z.ZodRawShape> extends ContractDefinition<S> {
  schema: z.ZodObject<S>;
  columns: ColumnSpec[];
}

export function defineContract<S extends z.ZodRawShape>(definition: ContractDefinition<S>): Contract<S> {
  const schema = z.object(definition.shape);
  const columns = Object.entries(definition.shape).map(([name, s]) => describeColumn(name, s as z.ZodTypeAny));
  return { ...definition, schema, columns };
}

export type RowOf<C> = C extends Contract<infer S> ? z.infer<z.ZodObject<S>> : never;
