// One delivery in: read, check, and load whole in one transaction, or refuse it whole.
// The load is first tried as one streaming INSERT whose casts fail on the first bad cell, so
// that a good file is read once by DuckDB's own reader; only a file that fails is read again
// into a temporary table for the detailed report.
import { faultPoint } from '../faults.ts';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnSpec } from '../contracts/columns.ts';
import { contractFor, contracts } from '../contracts/index.ts';
import type { Contract } from '../contracts/contract.ts';
import { InvalidQuestionnaire, questionIdOf, readQuestionnaire, type Questionnaire } from '../contracts/questionnaire.ts';
import { castExpression, cellChecks, rawTable, tableColumns } from '../contracts/sql.ts';
import { log } from '../log.ts';
import { queryRows, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import { detailedChecks } from './check.ts';
import { prepareCog } from './communes.ts';
import { parseDeliveryName, PERIOD, type DeliveryName } from './delivery.ts';
import { identifiersInSql, prepareIdentifierMacros, scrubSql } from './identifiers.ts';
import { cellsOf, layoutOf, normaliseHeader, type BoundColumn, type ExtraColumns, type Layout } from './layout.ts';
import { EXAMPLES_PER_KIND, RefusedDelivery, type Problem } from './problems.ts';
import { badRecords, detectDialect, hashFile, recordLines, type LineMap } from './read.ts';
import { megabytes, READ_LIMITS, ReadLimitError, type ReadLimits } from './limits.ts';
import { cellText, writeTableCsv, type CellValue } from './xlsx.ts';
import { readSheetTableIsolated } from './xlsx_sandbox.ts';

export interface ImportOptions extends DeliveryName {
  /** Date of the data (AAAA-MM-JJ or JJ/MM/AAAA); else the latest date found in the file. */
  dateExtraction?: string;
  /** Secret key for re-hashing pseudonyms. */
  pseudonymKey: string;
  tmpDir: string;
  /** Where questionnaire descriptions are kept (consultation). */
  questionnairesDir?: string;
  /** A questionnaire description to use rather than looking one up. */
  questionnaire?: string;
  /** Columns the format does not declare, in a person-level file: refused unless 'ignore'. */
  extraColumns?: ExtraColumns;
  /** The limits of reading (tests shrink them); READ_LIMITS by default. */
  limits?: Partial<ReadLimits>;
}

export interface ImportResult {
  livraisonId: string;
  source: string;
  producteur: string;
  periode: string;
  lignes: number;
  dateExtraction: string | null;
  /** Earlier deliveries of the same source, producer and period now replaced. */
  remplace: number;
  /** The very same file was already loaded: nothing changed. */
  inchange: boolean;
  notes: string[];
}

const refuse = (file: string, problem: Problem): never => {
  throw new RefusedDelivery(file, [problem]);
};

/** A delivery ready for DuckDB: a UTF-8 CSV, its header, and (for a report) the editor line of each record. */
interface Prepared {
  csv: string;
  delimiter: string;
  header: string[];
  encoding: string;
  /** Settled once the file is hashed: a UTF-8 file is hashed while DuckDB loads it. */
  sha256: Promise<string>;
  lines: () => Promise<LineMap>;
  empty: boolean;
  /** The longest record DuckDB's reader takes, in bytes. */
  maxRecord: number;
}

export async function importFile(connection: DuckDBConnection, file: string, options: ImportOptions): Promise<ImportResult> {
  const named = parseDeliveryName(file, options.source);
  const source = options.source ?? named.source;
  const contract = source ? contractFor(source) : undefined;
  if (!contract) {
    return refuse(file, {
      message: source ? `source « ${source} » inconnue` : 'impossible de savoir de quelle source vient ce fichier',
      hint: `Nommez le fichier <source>_<producteur>_<periode>.csv, déposez-le dans le dossier de sa source ou précisez la source ; sources connues : ${Object.keys(contracts).join(', ')}.`,
    });
  }
  if (!/\.(csv|txt|xlsx)$/i.test(file)) {
    return refuse(file, { message: `extension « ${path.extname(file) || 'aucune'} » non lue`, expected: 'un fichier .csv ou .xlsx', hint: 'Enregistrez le fichier au format CSV (point-virgule) ou XLSX et renvoyez-le.' });
  }
  const limits = { ...READ_LIMITS, ...options.limits };
  const dateExtraction = options.dateExtraction ? isoDate(file, options.dateExtraction) : undefined;
  mkdirSync(options.tmpDir, { recursive: true });
  const temporary: string[] = [];
  const notes: string[] = [];
  let prepared: Prepared | undefined;
  try {
    const t0 = Date.now();
    prepared = /\.xlsx$/i.test(file)
      ? await prepareXlsx(file, contract, options.tmpDir, temporary, notes, limits)
      : await prepareCsv(file, options.tmpDir, temporary, limits);
    if (prepared.empty) return refuse(file, { message: 'aucune ligne de données sous l’en-tête', hint: 'Vérifiez l’export : le fichier doit contenir une ligne par enregistrement sous la ligne d’en-tête.' });

    const questionnaire = contract.questions ? findQuestionnaire(file, prepared.header, options) : undefined;
    const { layout, problems: headerProblems } = layoutOf(contract, prepared.header, questionnaire, options.extraColumns);
    await prepareCog(connection);
    await prepareIdentifierMacros(connection);
    if (headerProblems.length > 0) {
      // Say everything at once: the cells of the columns that are there are checked too.
      await stage(connection, file, prepared, layout);
      const findings = await detailedChecks(connection, layout, await prepared.lines());
      throw new RefusedDelivery(file, [...headerProblems, ...findings.problems], findings.totals);
    }
    const ignored = layout.extra.map((e) => e.header).filter(Boolean);
    if (ignored.length > 0) notes.push(`Colonnes inconnues du format « ${contract.source} », non chargées : ${ignored.join(', ')}.`);

    await createTables(connection, contract);

    const producteur = options.producteur ?? named.producteur ?? 'inconnu';
    const periodeWanted = options.periode ?? named.periode;
    const { sha256 } = prepared;
    // Whether this very file is already loaded is known once it is hashed, which runs alongside
    // the load: the load is then rolled back (see `load`).
    const unchanged = async (): Promise<ImportResult | undefined> => {
      const same = await queryRows<{ livraison_id: string; producteur: string; periode: string; lignes: string; date_extraction: string | null; recue_le: string }>(
        connection,
        `SELECT livraison_id, producteur, periode, lignes, date_extraction::VARCHAR AS date_extraction, strftime(recue_le, '%d/%m/%Y à %H:%M') AS recue_le
         FROM meta.livraisons WHERE active AND source = $source AND sha256 = $sha`,
        { source: contract.source, sha: await sha256 },
      );
      const already = same.find((s) => s.producteur === producteur && (!periodeWanted || s.periode === periodeWanted));
      return already && {
        livraisonId: already.livraison_id, source: contract.source, producteur, periode: already.periode, lignes: Number(already.lignes),
        dateExtraction: already.date_extraction, remplace: 0, inchange: true,
        notes: [`Ce fichier est déjà chargé à l’identique (reçu le ${already.recue_le}) : rien n’a changé.`],
      };
    };
    if (producteur === 'inconnu') notes.push('Producteur non précisé (ni dans le nom du fichier, ni par --producteur) : « inconnu » retenu.');

    const livraisonId = `${contract.source}_${producteur}_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
    log.debug(`import : prêt à charger (${prepared.encoding}) ${Date.now() - t0} ms`);
    try {
      const loaded = await loadOrExplain(connection, file, prepared, layout, {
        livraisonId, producteur, periode: periodeWanted, dateExtraction, key: options.pseudonymKey, notes,
        fichier: path.basename(file), sha256, encodage: prepared.encoding, unchanged,
      });
      return { livraisonId, source: contract.source, producteur, inchange: false, notes, ...loaded };
    } catch (error) {
      if (error instanceof Unchanged) return error.result;
      throw error;
    }
  } finally {
    // No reading of the file outlives the import (it may be moved or deleted next).
    await prepared?.sha256.catch(() => undefined);
    await connection.run('DROP TABLE IF EXISTS incoming_raw');
    for (const t of temporary) rmSync(t, { force: true });
  }
}

/** The file was already loaded as it is: what it gave then. */
class Unchanged extends Error {
  constructor(readonly result: ImportResult) {
    super('déjà chargé');
  }
}

function isoDate(file: string, value: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : fr ? [fr[3], fr[2], fr[1]] : [];
  const date = y ? new Date(`${y}-${m}-${d}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${m}-${d}`) {
    return refuse(file, { message: `date d’extraction « ${value} » non valide`, expected: 'une date AAAA-MM-JJ ou JJ/MM/AAAA', hint: 'Corrigez l’option --date-extraction.' });
  }
  return `${y}-${m}-${d}`;
}

async function prepareCsv(file: string, tmpDir: string, temporary: string[], limits: ReadLimits): Promise<Prepared> {
  const dialect = detectDialect(file);
  // The header line is read from the first megabyte: longer, it would be read cut short.
  if (dialect.headerCut) throw new RefusedDelivery(file, [tooLong(1, 1024 * 1024)]);
  const utf8 = dialect.encoding === 'utf-8' ? file : path.join(tmpDir, `${randomUUID()}.csv`);
  if (utf8 !== file) temporary.push(utf8);
  // A Windows-1252 file is written out in UTF-8 in the pass that hashes it, before DuckDB reads it.
  const sha256 = hashFile(file, utf8 !== file ? { transcodeTo: utf8 } : {});
  if (utf8 !== file) await sha256;
  // The same bytes for quotes and line breaks in either encoding: the original file is walked.
  let walked: ReturnType<typeof recordLines> | undefined;
  const walk = () => (walked ??= recordLines(file));
  const empty = dialect.hasRecords === undefined ? (await walk()).records === 0 : !dialect.hasRecords;
  return { csv: utf8, delimiter: dialect.delimiter, header: dialect.header, encoding: dialect.encoding, sha256, lines: async () => (await walk()).lines, empty, maxRecord: limits.csvRecordBytes };
}

async function prepareXlsx(file: string, contract: Contract, tmpDir: string, temporary: string[], notes: string[], limits: ReadLimits): Promise<Prepared> {
  const wanted = contract.columns.filter((c) => !c.omissible).map((c) => c.name);
  let table;
  try {
    // The header is the first row that names at least half of the contract's columns. Read in a
    // thread of its own, under limits: a workbook is a partner's, and may be hostile.
    table = await readSheetTableIsolated(file, { wanted }, limits);
  } catch (error) {
    if (error instanceof ReadLimitError) return refuse(file, { message: `classeur refusé : ${error.message}`, hint: error.hint });
    return refuse(file, {
      message: `le classeur n’a pas pu être lu (${(error as Error).message})`,
      expected: `une première feuille dont une ligne nomme les colonnes ${wanted.join(', ')}`,
      hint: 'Mettez le tableau sur la première feuille, avec une ligne d’en-tête, et renvoyez le fichier.',
    });
  }
  const specs = table.header.map((h) => contract.columns.find((c) => c.name === normaliseHeader(h)));
  let padded = 0;
  const format = (v: CellValue, column: number): string => {
    const spec: ColumnSpec | undefined = specs[column];
    // A spreadsheet stores 01001 as the number 1001: give codes their zero back.
    if (typeof v === 'number' && spec?.pattern && (spec.commune || spec.postalCode) && Number.isInteger(v) && v < 10000 && v > 0) {
      padded++;
      return String(v).padStart(5, '0');
    }
    if (typeof v === 'boolean') return v ? 'oui' : 'non';
    if (v instanceof Date && spec?.duckType === 'VARCHAR' && spec.pattern?.source.includes('\\d{4}-')) return v.toISOString().slice(0, 7);
    return cellText(v);
  };
  const csv = path.join(tmpDir, `${randomUUID()}.csv`);
  temporary.push(csv);
  const lines = await writeTableCsv(table, csv, format);
  if (padded > 0) notes.push(`${padded} code(s) de commune ou postal saisis comme nombres dans le classeur : zéro initial rétabli.`);
  const sha256 = hashFile(file);
  return { csv, delimiter: ';', header: table.header, encoding: 'xlsx', sha256, lines: async () => lines, empty: table.rows.length === 0, maxRecord: limits.csvRecordBytes };
}

function findQuestionnaire(file: string, header: string[], options: ImportOptions): Questionnaire {
  const read = (f: string) => {
    try {
      return readQuestionnaire(f);
    } catch (error) {
      if (error instanceof InvalidQuestionnaire) return refuse(file, { message: `description du questionnaire « ${path.basename(f)} » non valide : ${error.message}`, hint: 'Corrigez la description (voir docs/dictionnaire.md, « Le fichier de questionnaire »).' });
      throw error;
    }
  };
  if (options.questionnaire) return read(options.questionnaire);
  const ids = new Set(header.map(questionIdOf).filter((id): id is string => Boolean(id)));
  const dir = options.questionnairesDir;
  const known = dir && existsSync(dir) ? readdirSync(dir).filter((f) => /\.(ya?ml|json)$/i.test(f)).sort().map((f) => read(path.join(dir, f))) : [];
  const fit = (q: Questionnaire) => q.questions.filter((x) => ids.has(x.id)).length - q.questions.filter((x) => !ids.has(x.id)).length;
  const best = known.filter((q) => q.questions.every((x) => ids.has(x.id))).sort((a, b) => fit(b) - fit(a))[0];
  if (!best) {
    return refuse(file, {
      line: 1,
      message: known.length === 0 ? 'aucun questionnaire n’est décrit' : `aucun questionnaire décrit ne correspond aux colonnes ${[...ids].join(', ')}`,
      expected: 'la description du questionnaire (fichier YAML : identifiant, questions, type et réponses admises de chacune)',
      hint: 'Déposez la description du questionnaire dans le dossier consultation de la boîte de dépôt (ou « solidata import questionnaire FICHIER ») puis renvoyez l’export.',
    });
  }
  return best;
}

export async function createTables(connection: DuckDBConnection, contract: Contract): Promise<void> {
  await connection.run(`CREATE TABLE IF NOT EXISTS ${rawTable(contract)} (_livraison VARCHAR NOT NULL, ${tableColumns(contract)}${contract.questions ? ', questionnaire VARCHAR' : ''})`);
  if (contract.questions) {
    await connection.run('CREATE TABLE IF NOT EXISTS raw.consultation_reponses (_livraison VARCHAR NOT NULL, reponse_id VARCHAR, question_id VARCHAR, valeur VARCHAR)');
    await connection.run(`CREATE TABLE IF NOT EXISTS raw.questionnaires (questionnaire VARCHAR, titre VARCHAR, question_id VARCHAR, libelle VARCHAR,
      type VARCHAR, reponses VARCHAR[], min INTEGER, max INTEGER)`);
  }
}

const readCsv = (p: Prepared, layout: Layout, parallel: boolean) =>
  `read_csv(${sqlString(p.csv)}, delim=${sqlString(p.delimiter)}, header=true, auto_detect=false, quote='"', escape='"',
     strict_mode=true, null_padding=false, parallel=${parallel}, columns={${layout.internal.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}})`;

interface LoadArgs {
  livraisonId: string;
  producteur: string;
  periode?: string;
  dateExtraction?: string;
  key: string;
  notes: string[];
  fichier: string;
  sha256: Promise<string>;
  encodage: string;
  /** The result of the same file loaded earlier, if it was. */
  unchanged: () => Promise<ImportResult | undefined>;
}

type Loaded = Pick<ImportResult, 'periode' | 'lignes' | 'dateExtraction' | 'remplace'>;

/** Loads the delivery; when it does not load, finds and reports every reason why. */
async function loadOrExplain(connection: DuckDBConnection, file: string, prepared: Prepared, layout: Layout, a: LoadArgs): Promise<Loaded> {
  // Consultation exports are small and feed two tables: read them once into a table.
  const staged = Boolean(layout.contract.questions);
  let from = cellsOf(layout, readCsv(prepared, layout, true));
  if (staged) {
    await stage(connection, file, prepared, layout);
    from = 'incoming_raw';
  }
  try {
    return await load(connection, layout, from, a);
  } catch (error) {
    if (!(error instanceof LoadFailed)) throw error;
    // A file already loaded as it is stays so, even where it would now be refused.
    const same = await a.unchanged();
    if (same) throw new Unchanged(same);
    const cause = String((error.cause as Error)?.message ?? error.cause);
    if (/CSV Error/i.test(cause)) throw await unreadable(file, prepared, cause);
    if (!staged) await stage(connection, file, prepared, layout);
    const findings = await detailedChecks(connection, layout, await prepared.lines());
    // DuckDB's own message may quote a line of the file: it is never shown as such.
    if (findings.problems.length === 0) throw new Error(`Le chargement de « ${path.basename(file)} » a échoué sans raison trouvée dans ses données : ${cause.split('\n')[0].slice(0, 80)}`);
    throw new RefusedDelivery(file, findings.problems, findings.totals);
  }
}

/** Reads the file as text into `incoming_raw`, in file order (rowid = record index). */
async function stage(connection: DuckDBConnection, file: string, prepared: Prepared, layout: Layout): Promise<void> {
  try {
    await connection.run(`CREATE OR REPLACE TEMP TABLE incoming_raw AS SELECT * FROM ${cellsOf(layout, readCsv(prepared, layout, false))}`);
  } catch (error) {
    throw await unreadable(file, prepared, String((error as Error).message));
  }
}

const tooLong = (line: number, max: number): Problem => ({
  kind: 'csv:longue', line, message: `enregistrement de plus de ${megabytes(max)}`,
  expected: 'une ligne par enregistrement, de quelques centaines de caractères',
  hint: 'Une cellule démesurée ou un guillemet jamais fermé fait d’une ligne un bloc énorme : corrigez-la dans un tableur, enregistrez en CSV et renvoyez le fichier.',
});

/** Why DuckDB's reader could not read the file, line by line, without quoting it. */
async function unreadable(file: string, prepared: Prepared, cause: string): Promise<RefusedDelivery> {
  const { bad, total, openQuote, long } = await badRecords(prepared.csv, prepared.delimiter, prepared.header.length, EXAMPLES_PER_KIND, prepared.maxRecord);
  const problems: Problem[] = long.map((line) => tooLong(line, prepared.maxRecord));
  problems.push(...bad.map((b) => ({
    kind: 'csv:champs', line: b.line, message: `${b.fields} champs trouvés au lieu de ${prepared.header.length}`,
    expected: `autant de champs que de colonnes dans l’en-tête, séparés par « ${prepared.delimiter} »`,
    hint: 'Vérifiez ces lignes dans un tableur (séparateur en trop, guillemet non fermé ?), enregistrez en CSV et renvoyez le fichier entier.',
  })));
  if (openQuote) problems.push({ kind: 'csv:guillemet', line: openQuote, message: 'un guillemet ouvert ici n’est jamais fermé', hint: 'Fermez le guillemet (ou doublez-le s’il fait partie du texte) et renvoyez le fichier.' });
  if (problems.length === 0) {
    const line = Number(/Line: (\d+)/.exec(cause)?.[1]) || undefined;
    const what = /unterminated quote/i.test(cause) ? 'un guillemet n’est pas fermé' : 'cette ligne n’a pas pu être lue comme du CSV';
    problems.push({ line, message: what, hint: 'Enregistrez le fichier à nouveau en CSV (UTF-8, point-virgule) depuis le tableur et renvoyez-le.' });
  }
  return new RefusedDelivery(file, problems, new Map([['csv:champs', total]]));
}

class LoadFailed extends Error {}

/** Loads in one transaction, without keeping the file's row order (see `unordered`). */
const load = (connection: DuckDBConnection, layout: Layout, from: string, a: LoadArgs): Promise<Loaded> =>
  unordered(connection, () => loadInTransaction(connection, layout, from, a));

async function loadInTransaction(connection: DuckDBConnection, layout: Layout, from: string, a: LoadArgs): Promise<Loaded> {
  const { contract } = layout;
  const table = rawTable(contract);
  await connection.run('BEGIN TRANSACTION');
  const started = Date.now();
  try {
    let lignes: number;
    try {
      const lookups = codeLookups(layout);
      for (const l of lookups) await connection.run(`CREATE OR REPLACE TEMP SEQUENCE ${l.counter}`);
      const insert = `INSERT INTO ${table} SELECT ${sqlString(a.livraisonId)}, ${rowExpressions(layout, a.key, lookups).join(', ')}${contract.questions ? `, ${sqlString(layout.questionnaire!.questionnaire)}` : ''}
        FROM ${typedOf(layout, from)}`;
      if (process.env.SOLIDATA_DEBUG_SQL) console.error(insert);
      lignes = Number((await connection.run(insert)).rowsChanged);
      log.debug(`import : insertion contrôlée ${Date.now() - started} ms`);
      await afterInsert(connection, layout, a, lookups);
      log.debug(`import : contrôles d’ensemble ${Date.now() - started} ms`);
      if (contract.questions) await loadAnswers(connection, layout, a);
    } catch (error) {
      throw new LoadFailed('refusée', { cause: error });
    }
    const same = await a.unchanged();
    if (same) throw new Unchanged(same);
    const dates = await deliveryDates(connection, layout, a.livraisonId);
    log.debug(`import : dates ${Date.now() - started} ms`);
    const dateExtraction = a.dateExtraction ?? dates.latest;
    let periode = a.periode;
    if (!periode) {
      periode = dates.period ?? (dateExtraction ?? new Date().toISOString()).slice(0, 7);
      a.notes.push(`Période non précisée (ni dans le nom du fichier, ni par --periode) : ${periode}, déduite des dates du fichier.`);
    }
    const replaced = await queryRows<{ livraison_id: string }>(
      connection,
      'SELECT livraison_id FROM meta.livraisons WHERE active AND source = $source AND producteur = $producteur AND periode = $periode',
      { source: contract.source, producteur: a.producteur, periode },
    );
    for (const r of replaced) {
      await connection.run(`DELETE FROM ${table} WHERE _livraison = $id`, { id: r.livraison_id });
      if (contract.questions) await connection.run('DELETE FROM raw.consultation_reponses WHERE _livraison = $id', { id: r.livraison_id });
      await connection.run('UPDATE meta.livraisons SET active = false WHERE livraison_id = $id', { id: r.livraison_id });
    }
    if (contract.questions) await noteRespondentsAlreadyLoaded(connection, a);
    await connection.run(
      `INSERT INTO meta.livraisons SELECT $id, $source, $producteur, $periode, $fichier, $sha, $encodage, $lignes, $date::DATE, now()::TIMESTAMP, true`,
      { id: a.livraisonId, source: contract.source, producteur: a.producteur, periode, fichier: a.fichier, sha: await a.sha256, encodage: a.encodage, lignes, date: dateExtraction ?? null },
    );
    log.debug(`import : avant commit ${Date.now() - started} ms`);
    await faultPoint('import:avant-commit');
    await connection.run('COMMIT');
    log.debug(`import : validé ${Date.now() - started} ms`);
    return { periode, lignes, dateExtraction: dateExtraction ?? null, remplace: replaced.length };
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

const fail = (why: string) => `error(${sqlString(why)})`;

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

// Each cell is cast once, in a layer of its own, and the checks read the cast value.
const typedName = (b: BoundColumn) => sqlIdent(`t_${b.raw.replaceAll('"', '')}`);

const inTypedLayer = (b: BoundColumn) => b.header !== undefined && (b.spec.duckType !== 'VARCHAR' || Boolean(b.spec.values && !b.spec.multiple));
const typed = (b: BoundColumn) => (inTypedLayer(b) ? typedName(b) : castExpression(b.spec, b.raw));

function typedOf(layout: Layout, cells: string): string {
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
function rowExpressions(layout: Layout, key: string, lookups: CodeLookup[]): string[] {
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
    ...lookups.map((l) => `(${l.unknown})`),
    ...(scanned.length > 0 ? [identifiersInSql(scanned)] : []),
  ];
  if (fails.length > 0) expressions[0] = `CASE WHEN ${fails.join(' OR ')} THEN ${fail('ligne refusée')} ELSE ${expressions[0]} END`;
  return expressions;
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
interface CodeLookup {
  column: BoundColumn;
  counter: string;
  /** SQL: true when the code is not in the COG. */
  unknown: string;
  mapped: (value: string) => string;
}

function codeLookups(layout: Layout): CodeLookup[] {
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
async function afterInsert(connection: DuckDBConnection, layout: Layout, a: LoadArgs, lookups: CodeLookup[]): Promise<void> {
  const table = rawTable(layout.contract);
  const keys = layout.contract.key.map(sqlIdent).join(', ');
  // Sorting 64-bit hashes and comparing neighbours costs less than grouping the keys; two rows
  // with the same hash are then looked for by their keys themselves.
  const id = { id: a.livraisonId };
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

/** Consultation answers, one row per answer (one per choice for multiple choice); free text scrubbed. */
async function loadAnswers(connection: DuckDBConnection, layout: Layout, a: LoadArgs): Promise<void> {
  const q = layout.questionnaire!;
  const rid = layout.columns.find((c) => c.spec.name === 'reponse_id')!.raw;
  for (const b of layout.questions) {
    const values = b.spec.multiple
      ? `list_transform(string_split(${b.raw}, '|'), x -> ${castExpression({ ...b.spec, multiple: false }, 'trim(x)')})`
      : b.spec.freeText ? `[${scrubSql(b.raw)}]` : `[${castExpression(b.spec, b.raw)}::VARCHAR]`;
    await connection.run(
      `INSERT INTO raw.consultation_reponses SELECT ${sqlString(a.livraisonId)}, ${rid}, ${sqlString(b.question!.id)}, unnest(${values}) FROM incoming_raw WHERE ${b.raw} IS NOT NULL`);
  }
  const free = layout.questions.filter((b) => b.spec.freeText);
  if (free.length > 0) {
    const [{ n }] = await queryRows<{ n: string }>(connection, `SELECT ${free.map((b) => `count(*) FILTER (WHERE ${b.raw} <> ${scrubSql(b.raw)})`).join(' + ')} AS n FROM incoming_raw`);
    a.notes.push(Number(n) > 0
      ? `${n} réponse(s) en texte libre nettoyée(s) : e-mails, téléphones, NIR et adresses remplacés par « [donnée personnelle retirée] ».`
      : 'Aucune donnée personnelle trouvée dans les réponses en texte libre.');
    // A first name is not removed (too many are also words), but said, without repeating it.
    for (const b of free) {
      const [found] = await queryRows<{ n: number; ids: string[] }>(connection,
        `SELECT count(*)::INTEGER AS n, list(${rid} ORDER BY rowid)[1:5] AS ids FROM incoming_raw WHERE solidata_has_first_name(${b.raw})`);
      if (found.n > 0) {
        a.notes.push(`Colonne « ${b.header} » : ${found.n} réponse(s) contiennent un prénom courant (réponse(s) ${found.ids.join(', ')}${found.n > 5 ? '…' : ''}) : vérifiez qu’elles ne nomment personne avant de confirmer (le prénom n’est pas retiré ; les réponses ne sont montrées que là où assez de personnes ont répondu).`);
      }
    }
  }
  await connection.run('DELETE FROM raw.questionnaires WHERE questionnaire = $q', { q: q.questionnaire });
  for (const x of q.questions) {
    const header = layout.questions.find((b) => b.question?.id === x.id)?.header ?? x.id;
    await connection.run('INSERT INTO raw.questionnaires VALUES ($q, $titre, $id, $libelle, $type, $reponses::VARCHAR[], $min, $max)', {
      q: q.questionnaire, titre: q.titre, id: x.id, libelle: x.libelle ?? header.replace(/^\s*Q\d+\s*[-–—:.]\s*/i, ''), type: x.type,
      reponses: JSON.stringify(x.reponses ?? []), min: x.min ?? null, max: x.max ?? null,
    });
  }
}

/**
 * A cumulative re-export of a questionnaire repeats respondents loaded from an earlier export: the
 * warehouse keeps each (questionnaire, reponse_id) once, from the latest export
 * (sql/staging/stg_consultation__repondants.sql); the report says how many were already there.
 */
async function noteRespondentsAlreadyLoaded(connection: DuckDBConnection, a: { livraisonId: string; notes: string[] }): Promise<void> {
  const [{ n }] = await queryRows<{ n: string }>(connection, `SELECT count(*) AS n FROM raw.consultation AS c
    WHERE c._livraison = $id AND EXISTS (
      SELECT 1 FROM raw.consultation AS o JOIN meta.livraisons AS l ON l.livraison_id = o._livraison AND l.active
      WHERE o._livraison <> $id AND o.questionnaire = c.questionnaire AND o.reponse_id = c.reponse_id)`, { id: a.livraisonId });
  if (Number(n) > 0) {
    a.notes.push(`${Number(n).toLocaleString('fr-FR')} répondant(s) déjà chargé(s) par un export précédent du même questionnaire : cet export les remplace, chacun n’est compté qu’une fois.`);
  }
}

/** The latest date of the delivery, and the month of its period column. */
async function deliveryDates(connection: DuckDBConnection, layout: Layout, livraisonId: string): Promise<{ latest?: string; period?: string }> {
  const { contract } = layout;
  const dates = contract.columns.filter((c) => c.duckType === 'DATE');
  const month = contract.columns.find((c) => c.name === 'mois');
  const parts = [
    dates.length > 0 ? `greatest(${dates.map((c) => `max(${sqlIdent(c.name)})`).join(', ')})::VARCHAR AS latest` : 'NULL AS latest',
    contract.periodColumn ? `strftime(max(${sqlIdent(contract.periodColumn)}), '%Y-%m') AS period` : month ? 'max(mois) AS period' : 'NULL AS period',
  ];
  const [row] = await queryRows<{ latest: string | null; period: string | null }>(connection, `SELECT ${parts.join(', ')} FROM ${rawTable(contract)} WHERE _livraison = $id`, { id: livraisonId });
  return { latest: row?.latest ?? undefined, period: row?.period ?? undefined };
}
