// Load: the delivery written whole in one transaction — the rows, the replaced deliveries set
// aside, the bookkeeping of meta.livraisons — or nothing. The load is first tried as one
// streaming INSERT whose casts fail on the first bad cell, so that a good file is read once by
// DuckDB's own reader; only a file that fails is read again into a temporary table for the
// detailed report. Its expected outcomes are results, not exceptions: loaded, already loaded as
// it is (unchanged), or refused (a RefusedDelivery, the one thrown to the caller).
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { monthsOfDeliveries, rawTable } from '../contracts/sql.ts';
import { faultPoint } from '../faults.ts';
import { log } from '../log.ts';
import { queryRows, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import { loadAnswers, noteRespondentsAlreadyLoaded } from './answers.ts';
import { detailedChecks } from './check.ts';
import type { ImportResult } from './delivery.ts';
import { cellsOf, type Layout } from './layout.ts';
import { afterInsert, codeLookups, rowExpressions, typedOf } from './load_sql.ts';
import { readCsv, stage, unreadable, type Prepared } from './prepare.ts';
import { RefusedDelivery } from './problems.ts';

/** What a load wrote, besides the rows. */
export type Delivered = Pick<ImportResult, 'period' | 'rows' | 'extractionDate' | 'replaced' | 'replacedMonths'>;

export interface LoadArgs {
  deliveryId: string;
  producteur: string;
  periode?: string;
  dateExtraction?: string;
  key: string;
  notes: string[];
  fichier: string;
  sha256: Promise<string>;
  encodage: string;
  /** What the same file gave when it was loaded earlier, if it was. */
  alreadyLoaded: () => Promise<ImportResult | undefined>;
}

export type LoadOutcome =
  | { kind: 'loaded'; delivered: Delivered }
  /** The very same file is already loaded: what it gave then; nothing was written. */
  | { kind: 'unchanged'; same: ImportResult };

/** What one attempt in a transaction came to; `failed`: a cell or a check of the delivery failed it. */
type Attempt = LoadOutcome | { kind: 'failed'; cause: unknown };

/** Loads the delivery; when it does not load, finds every reason why and refuses it with them. */
export async function loadOrExplain(connection: DuckDBConnection, file: string, prepared: Prepared, layout: Layout, a: LoadArgs): Promise<LoadOutcome> {
  // Consultation exports are small and feed two tables: read them once into a table.
  const staged = Boolean(layout.contract.questions);
  let from = cellsOf(layout, readCsv(prepared, layout, true));
  if (staged) {
    await stage(connection, file, prepared, layout);
    from = 'incoming_raw';
  }
  const attempt = await unordered(connection, () => loadInTransaction(connection, layout, from, a));
  if (attempt.kind !== 'failed') return attempt;
  // A file already loaded as it is stays so, even where it would now be refused.
  const same = await a.alreadyLoaded();
  if (same) return { kind: 'unchanged', same };
  const cause = String((attempt.cause as Error)?.message ?? attempt.cause);
  if (/CSV Error/i.test(cause)) throw await unreadable(file, prepared, cause);
  if (!staged) await stage(connection, file, prepared, layout);
  const findings = await detailedChecks(connection, layout, await prepared.lines());
  // DuckDB's own message may quote a line of the file: it is never shown as such.
  if (findings.problems.length === 0) throw new Error(`Le chargement de « ${path.basename(file)} » a échoué sans raison trouvée dans ses données : ${cause.split('\n')[0].slice(0, 80)}`);
  throw new RefusedDelivery(file, findings.problems, findings.totals);
}

/** One attempt at the load, committed only when it is `loaded`; anything else leaves nothing behind. */
async function loadInTransaction(connection: DuckDBConnection, layout: Layout, from: string, a: LoadArgs): Promise<Attempt> {
  await connection.run('BEGIN TRANSACTION');
  const started = Date.now();
  try {
    const attempt = await write(connection, layout, from, a, started);
    if (attempt.kind !== 'loaded') {
      await connection.run('ROLLBACK');
      return attempt;
    }
    log.debug(`import : avant commit ${Date.now() - started} ms`);
    await faultPoint('import:avant-commit');
    await connection.run('COMMIT');
    log.debug(`import : validé ${Date.now() - started} ms`);
    return attempt;
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

/** Writes the rows and the bookkeeping, inside the transaction. */
async function write(connection: DuckDBConnection, layout: Layout, from: string, a: LoadArgs, started: number): Promise<Attempt> {
  const { contract } = layout;
  const table = rawTable(contract);
  let lignes: number;
  try {
    const lookups = codeLookups(layout);
    for (const l of lookups) await connection.run(`CREATE OR REPLACE TEMP SEQUENCE ${l.counter}`);
    const insert = `INSERT INTO ${table} SELECT ${sqlString(a.deliveryId)}, ${rowExpressions(layout, a.key, lookups).join(', ')}${contract.questions ? `, ${sqlString(layout.questionnaire!.questionnaire)}` : ''}
        FROM ${typedOf(layout, from)}`;
    if (process.env.SOLIDATA_DEBUG_SQL) console.error(insert);
    lignes = Number((await connection.run(insert)).rowsChanged);
    log.debug(`import : insertion contrôlée ${Date.now() - started} ms`);
    await afterInsert(connection, layout, a, lookups);
    log.debug(`import : contrôles d’ensemble ${Date.now() - started} ms`);
    if (contract.questions) await loadAnswers(connection, layout, a);
  } catch (error) {
    return { kind: 'failed', cause: error };
  }
  // Whether this very file is already loaded is known once it is hashed, which runs alongside
  // the load: the load is then rolled back.
  const same = await a.alreadyLoaded();
  if (same) return { kind: 'unchanged', same };
  const dates = await deliveryDates(connection, layout, a.deliveryId);
  log.debug(`import : dates ${Date.now() - started} ms`);
  const dateExtraction = a.dateExtraction ?? dates.latest;
  let periode = a.periode;
  if (!periode) {
    periode = dates.period ?? (dateExtraction ?? new Date().toISOString()).slice(0, 7);
    a.notes.push(`Période non précisée (ni dans le nom du fichier, ni dans le champ « Période » ou l’option --periode) : ${periode}, déduite des dates du fichier.`);
  }
  const replaced = await queryRows<{ livraison_id: string }>(
    connection,
    'SELECT livraison_id FROM meta.livraisons WHERE active AND source = $source AND producteur = $producteur AND periode = $periode',
    { source: contract.source, producteur: a.producteur, periode },
  );
  // The months the replaced rows fell in are touched too (read before they go): an incremental
  // model recomputes them.
  const monthsSql = monthsOfDeliveries(contract, replaced.map((r) => r.livraison_id));
  const replacedMonths = monthsSql ? (await queryRows<{ mois: string }>(connection, monthsSql)).map((r) => r.mois) : [];
  for (const r of replaced) {
    await connection.run(`DELETE FROM ${table} WHERE _livraison = $id`, { id: r.livraison_id });
    if (contract.questions) await connection.run('DELETE FROM raw.consultation_reponses WHERE _livraison = $id', { id: r.livraison_id });
    await connection.run('UPDATE meta.livraisons SET active = false WHERE livraison_id = $id', { id: r.livraison_id });
  }
  if (contract.questions) await noteRespondentsAlreadyLoaded(connection, a);
  await connection.run(
    `INSERT INTO meta.livraisons SELECT $id, $source, $producteur, $periode, $fichier, $sha, $encodage, $lignes, $date::DATE, now()::TIMESTAMP, true`,
    { id: a.deliveryId, source: contract.source, producteur: a.producteur, periode, fichier: a.fichier, sha: await a.sha256, encodage: a.encodage, lignes, date: dateExtraction ?? null },
  );
  return { kind: 'loaded', delivered: { period: periode, rows: lignes, extractionDate: dateExtraction ?? null, replaced: replaced.length, replacedMonths } };
}

/**
 * Runs the load without keeping the file's row order, which nothing reads in a raw table: DuckDB
 * then lets each thread write its rows as they come instead of putting them back in order. Set
 * and restored outside the transaction, which a failed statement leaves unable to run any other.
 */
async function unordered<T>(connection: DuckDBConnection, run: () => Promise<T>): Promise<T> {
  const [{ kept }] = await queryRows<{ kept: boolean }>(connection, `SELECT current_setting('preserve_insertion_order') AS kept`);
  await connection.run('SET SESSION preserve_insertion_order = false');
  try {
    return await run();
  } finally {
    await connection.run(`SET SESSION preserve_insertion_order = ${kept ? 'true' : 'false'}`);
  }
}

/** The latest date of the delivery, and the month of its period column. */
async function deliveryDates(connection: DuckDBConnection, layout: Layout, deliveryId: string): Promise<{ latest?: string; period?: string }> {
  const { contract } = layout;
  const dates = contract.columns.filter((c) => c.duckType === 'DATE');
  const month = contract.columns.find((c) => c.name === 'mois');
  const parts = [
    dates.length > 0 ? `greatest(${dates.map((c) => `max(${sqlIdent(c.name)})`).join(', ')})::VARCHAR AS latest` : 'NULL AS latest',
    contract.periodColumn ? `strftime(max(${sqlIdent(contract.periodColumn)}), '%Y-%m') AS period` : month ? 'max(mois) AS period' : 'NULL AS period',
  ];
  const [row] = await queryRows<{ latest: string | null; period: string | null }>(connection, `SELECT ${parts.join(', ')} FROM ${rawTable(contract)} WHERE _livraison = $id`, { id: deliveryId });
  return { latest: row?.latest ?? undefined, period: row?.period ?? undefined };
}
