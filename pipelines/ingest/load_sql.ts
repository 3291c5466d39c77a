// Load, the SQL of it: one INSERT … SELECT whose every cell is cast once and whose every check of
// a row is one condition that fails the load (the detailed report is check.ts's); commune and
// postal codes checked against the COG within it; then the checks of the whole delivery.
import type { DuckDBConnection } from '@duckdb/node-api';
import { castExpression, cellChecks, rawTable } from '../contracts/sql.ts';
import { queryRows, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import { identifiersInSql } from './identifiers.ts';
import type { BoundColumn, Layout } from './layout.ts';

const fail = (why: string) => `error(${sqlString(why)})`;

// Each cell is cast once, in a layer of its own, and the checks read the cast value.
const typedName = (b: BoundColumn) => sqlIdent(`t_${b.raw.replaceAll('"', '')}`);

const inTypedLayer = (b: BoundColumn) => b.header !== undefined && (b.spec.duckType !== 'VARCHAR' || Boolean(b.spec.values && !b.spec.multiple));
const typed = (b: BoundColumn) => (inTypedLayer(b) ? typedName(b) : castExpression(b.spec, b.raw));

export function typedOf(layout: Layout, cells: string): string {
  const bound = [...layout.columns, ...layout.questions].filter(inTypedLayer);
  if (bound.length === 0) return cells;
  return `(SELECT *, ${bound.map((b) => `${castExpression(b.spec, b.raw)} AS ${typedName(b)}`).join(', ')} FROM ${cells})`;
}

/**
 * One SQL expression per contract column: cast, pseudonyms hashed again, merged communes mapped.
 * Every check of the row (cells, identifiers, groups left empty, codes) is one condition that
 * fails the load from the first column: one test per row rather than one per cell, and which
 * cell failed does not matter here, as the detailed checks then say it.
 */
export function rowExpressions(layout: Layout, key: string, lookups: CodeLookup[]): string[] {
  const { contract } = layout;
  const bound = layout.columns.filter((b) => b.header !== undefined);
  const free = bound.filter((b) => b.spec.duckType === 'VARCHAR' && !b.spec.values && !b.spec.pattern);
  const expressions = layout.columns.map((b) => {
    if (b.header === undefined) return `NULL::${b.spec.duckType}`;
    let e = typed(b);
    const lookup = lookups.find((l) => l.column === b);
    if (lookup) e = lookup.mapped(e);
    // Partners' pseudonyms are hashed again with our key, so the warehouse cannot be joined back to their files.
    if (b.spec.name.endsWith('_pseudo')) e = `sha256(${sqlString(key)} || ${e})`;
    return e;
  });
  // Unknown columns and questions are scanned too in person-level files (free text is scrubbed instead).
  const scanned = contract.personLevel ? [...free.map((b) => b.raw), ...layout.extra.map((x) => x.raw), ...layout.questions.filter((q) => !q.spec.freeText).map((q) => q.raw)] : [];
  const fails = [
    ...[...bound, ...layout.questions].flatMap((b) => loadChecks(b, lookups)),
    ...(contract.atLeastOne ?? []).map((g) => `(${g.map((n) => `${layout.columns.find((c) => c.spec.name === n)!.raw} IS NULL`).join(' AND ')})`),
    ...orderedPairs(layout).map(([a, b]) => `(${typed(a)} > ${typed(b)})`),
    ...lookups.map((l) => `(${l.unknown})`),
    ...(scanned.length > 0 ? [identifiersInSql(scanned)] : []),
  ];
  if (fails.length > 0) expressions[0] = `CASE WHEN ${fails.join(' OR ')} THEN ${fail('ligne refusée')} ELSE ${expressions[0]} END`;
  return expressions;
}

/** The contract's pairs of date columns [earlier, later] whose both columns are in the file. */
export function orderedPairs(layout: Layout): [BoundColumn, BoundColumn][] {
  const bound = (name: string) => layout.columns.find((c) => c.spec.name === name && c.header !== undefined);
  return (layout.contract.ordered ?? []).flatMap(([a, b]) => {
    const [x, y] = [bound(a), bound(b)];
    return x && y ? [[x, y] as [BoundColumn, BoundColumn]] : [];
  });
}

/** The cell checks of a column as the load runs them: which one fails does not matter there. */
function loadChecks(b: BoundColumn, lookups: CodeLookup[]): string[] {
  // A code found in the COG has its form: the form is checked again only for the report.
  const checks = cellChecks(b.spec, b.raw, typed(b)).filter((k) => !(k.kind.endsWith(':forme') && lookups.some((l) => l.column === b)));
  // A cast of the typed layer is NULL where the cell is: « empty » and « not valid » (or « not in
  // the list ») are then one test, that the cast is NULL.
  const missing = checks.find((k) => k.kind.endsWith(':manquante'));
  const badCast = checks.filter((k) => k.kind.endsWith(':invalide') || k.kind.endsWith(':hors_liste'));
  if (inTypedLayer(b) && missing && badCast.length > 0) {
    return [`(${typedName(b)} IS NULL)`, ...checks.filter((k) => k !== missing && !badCast.includes(k)).map((k) => `(${k.fails})`)];
  }
  return checks.map((k) => `(${k.fails})`);
}

/**
 * A commune or postal code column, checked against the COG within the load itself: an unknown
 * code fails it, a merged commune is stored as today's (an UPDATE afterwards would rewrite the
 * whole column at commit), and a sequence counts those, since the load reports only its rows.
 * The lists are types (see prepareCog), so that no join slows the load down.
 */
export interface CodeLookup {
  column: BoundColumn;
  counter: string;
  /** SQL: true when the code is not in the COG. */
  unknown: string;
  mapped: (value: string) => string;
}

export function codeLookups(layout: Layout): CodeLookup[] {
  return layout.columns.filter((b) => b.header !== undefined && (b.spec.commune || b.spec.postalCode)).map((b, i) => {
    const counter = `solidata_mapped_${i}`;
    const v = b.raw;
    // Today's communes first: the cast of a code that is not one builds an error message.
    const current = `${v} IS NULL OR try_cast(${v} AS solidata_cog_current) IS NOT NULL`;
    const merged = `try_cast(${v} AS solidata_cog_merged) IS NOT NULL`;
    return {
      column: b, counter,
      unknown: b.spec.commune ? `NOT (${current}) AND NOT ${merged}` : `${v} IS NOT NULL AND try_cast(${v} AS solidata_cog_postal) IS NULL`,
      mapped: (value) => (b.spec.commune
        ? `CASE WHEN ${current} THEN ${value} WHEN ${merged} THEN CASE WHEN nextval(${sqlString(counter)}) > 0 THEN solidata_cog_actuel(${v}) END ELSE ${value} END`
        : value),
    };
  });
}

/** Checks that need the whole delivery: unique keys; and the merged communes the load mapped. */
export async function afterInsert(connection: DuckDBConnection, layout: Layout, a: { deliveryId: string; notes: string[] }, lookups: CodeLookup[]): Promise<void> {
  const table = rawTable(layout.contract);
  const keys = layout.contract.key.map(sqlIdent).join(', ');
  // Sorting 64-bit hashes and comparing neighbours costs less than grouping the keys; two rows
  // with the same hash are then looked for by their keys themselves.
  const id = { id: a.deliveryId };
  const sameHash = await queryRows(connection, `SELECT 1 FROM (SELECT h = lag(h) OVER (ORDER BY h) AS same FROM (SELECT hash(${keys}) AS h FROM ${table} WHERE _livraison = $id)) WHERE same LIMIT 1`, id);
  if (sameHash.length > 0 && (await queryRows(connection, `SELECT 1 FROM ${table} WHERE _livraison = $id GROUP BY ${keys} HAVING count(*) > 1 LIMIT 1`, id)).length > 0) {
    throw new Error('identifiants en double');
  }
  for (const l of lookups) {
    const [{ n }] = await queryRows<{ n: string }>(connection, `SELECT nextval(${sqlString(l.counter)}) - 1 AS n`);
    await connection.run(`DROP SEQUENCE ${l.counter}`);
    if (Number(n) > 0) a.notes.push(`${n} code(s) de commune fusionnée ou déléguée (colonne ${l.column.spec.name}) ramené(s) à la commune actuelle.`);
  }
}
