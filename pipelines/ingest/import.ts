// One delivery in: read, check, and load whole in one transaction, or refuse it whole.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { contractFor, contracts } from '../contracts/index.ts';
import type { Contract } from '../contracts/contract.ts';
import { castExpression, rawTable, tableColumns } from '../contracts/sql.ts';
import { queryRows, readSqlFile, runScript, sqlString } from '../warehouse/duckdb.ts';
import { checkHeader, checkRows } from './check.ts';
import { parseDeliveryName, type DeliveryName } from './delivery.ts';
import { scanIdentifiers } from './identifiers.ts';
import { RefusedDelivery, type Problem } from './problems.ts';
import { detectDialect, transcodeToUtf8 } from './read.ts';

export interface ImportOptions extends DeliveryName {
  dateExtraction?: string;
  /** Secret key for re-hashing pseudonyms. */
  pseudonymKey: string;
  tmpDir: string;
}

export interface ImportResult {
  livraisonId: string;
  source: string;
  producteur: string;
  periode: string;
  lignes: number;
  dateExtraction: string | null;
  remplace: number;
  notes: string[];
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const refuse = (file: string, problem: Problem): never => {
  throw new RefusedDelivery(file, [problem]);
};

export async function importDelivery(connection: DuckDBConnection, file: string, options: ImportOptions): Promise<ImportResult> {
  const named = parseDeliveryName(file);
  const source = options.source ?? named.source;
  const contract = source ? contractFor(source) : undefined;
  if (!contract) {
    return refuse(file, {
      message: source ? `source « ${source} » inconnue.` : 'impossible de savoir de quelle source vient ce fichier.',
      hint: `Nommez le fichier <source>_<producteur>_<periode>.csv ou précisez la source ; sources connues : ${Object.keys(contracts).join(', ')}.`,
    });
  }
  if (!/\.(csv|txt)$/i.test(file)) {
    return refuse(file, { message: 'seuls les fichiers CSV sont lus pour l’instant.', hint: 'Enregistrez le classeur au format CSV (séparateur point-virgule) et renvoyez-le.' });
  }
  const notes: string[] = [];
  const dialect = detectDialect(file);
  mkdirSync(options.tmpDir, { recursive: true });
  const utf8 = dialect.encoding === 'utf-8' ? file : path.join(options.tmpDir, `${randomUUID()}.csv`);
  try {
    if (utf8 !== file) await transcodeToUtf8(file, utf8);
    const headerProblems = checkHeader(contract, dialect.header);
    if (headerProblems.length > 0) throw new RefusedDelivery(file, headerProblems);
    await readRaw(connection, file, utf8, dialect.delimiter, dialect.header);
    const problems = [...(await scanIdentifiers(connection, contract, dialect.header)), ...(await checkRows(connection, contract))];
    if (problems.length > 0) throw new RefusedDelivery(file, problems);

    const producteur = options.producteur ?? named.producteur ?? 'inconnu';
    if (producteur === 'inconnu') notes.push('Producteur non précisé : « inconnu » retenu.');
    const dateExtraction = options.dateExtraction ?? (await latestDate(connection, contract));
    let periode = options.periode ?? named.periode;
    if (!periode) {
      periode = (dateExtraction ?? new Date().toISOString()).slice(0, 7);
      notes.push(`Période non précisée : ${periode} déduite des dates du fichier.`);
    }
    const sha = await sha256File(file);
    const livraisonId = `${contract.source}_${producteur}_${periode}_${sha.slice(0, 12)}`;
    const remplace = await load(connection, contract, {
      livraisonId, producteur, periode, sha, dateExtraction, file, encoding: dialect.encoding, key: options.pseudonymKey,
    });
    const [{ n }] = await queryRows<{ n: number }>(connection, 'SELECT count(*) AS n FROM incoming_raw');
    return { livraisonId, source: contract.source, producteur, periode, lignes: Number(n), dateExtraction, remplace, notes };
  } finally {
    await connection.run('DROP TABLE IF EXISTS incoming_raw');
    if (utf8 !== file) rmSync(utf8, { force: true });
  }
}

async function readRaw(connection: DuckDBConnection, file: string, utf8: string, delimiter: string, header: string[]): Promise<void> {
  try {
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE incoming_raw AS
       SELECT (row_number() OVER () + 1)::BIGINT AS _ligne, *
       FROM read_csv(${sqlString(utf8)}, delim=${sqlString(delimiter)}, header=true, auto_detect=false,
                     quote='"', escape='"', parallel=false, strict_mode=true, null_padding=false,
                     columns={${header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(', ')}})`,
    );
  } catch (error) {
    const text = String((error as Error).message);
    const line = Number(/Line: (\d+)/i.exec(text)?.[1]) || undefined;
    const found = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(text);
    throw new RefusedDelivery(file, [{
      line,
      message: found
        ? `${found[2]} champs trouvés au lieu de ${found[1]} (séparateur en trop ou guillemet non fermé ?).`
        : `le fichier n’a pas pu être lu comme un CSV (${text.split('\n')[0]}).`,
      hint: 'Vérifiez cette ligne dans un tableur, enregistrez en CSV et renvoyez le fichier entier.',
    }]);
  }
}

async function latestDate(connection: DuckDBConnection, contract: Contract): Promise<string | null> {
  const dates = contract.columns.filter((c) => c.duckType === 'DATE');
  if (dates.length === 0) return null;
  const [row] = await queryRows<{ d: string | null }>(
    connection,
    `SELECT greatest(${dates.map((c) => `max(${castExpression(c)})`).join(', ')})::VARCHAR AS d FROM incoming_raw`,
  );
  return row?.d ?? null;
}

interface LoadArgs {
  livraisonId: string; producteur: string; periode: string; sha: string; dateExtraction: string | null;
  file: string; encoding: string; key: string;
}

/** Replaces the earlier delivery of the same source, producer and period, all or nothing. */
async function load(connection: DuckDBConnection, contract: Contract, a: LoadArgs): Promise<number> {
  await runScript(connection, readSqlFile('warehouse/meta.sql'));
  await connection.run(`CREATE TABLE IF NOT EXISTS ${rawTable(contract)} (_livraison VARCHAR NOT NULL, ${tableColumns(contract)})`);
  // Partners' pseudonyms are hashed again with our key, so the warehouse cannot be joined back to their files.
  const select = contract.columns
    .map((c) => (c.name.endsWith('_pseudo') ? `sha256(${sqlString(a.key)} || ${castExpression(c)})` : castExpression(c)))
    .join(', ');
  await connection.run('BEGIN TRANSACTION');
  try {
    const replaced = await queryRows<{ livraison_id: string }>(
      connection,
      `SELECT livraison_id FROM meta.livraisons WHERE active AND source = $source AND producteur = $producteur AND periode = $periode`,
      { source: contract.source, producteur: a.producteur, periode: a.periode },
    );
    for (const r of replaced) {
      await connection.run(`DELETE FROM ${rawTable(contract)} WHERE _livraison = $id`, { id: r.livraison_id });
      await connection.run('UPDATE meta.livraisons SET active = false WHERE livraison_id = $id', { id: r.livraison_id });
    }
    await connection.run(`DELETE FROM meta.livraisons WHERE livraison_id = $id`, { id: a.livraisonId });
    await connection.run(`INSERT INTO ${rawTable(contract)} SELECT ${sqlString(a.livraisonId)}, ${select} FROM incoming_raw`);
    await connection.run(
      `INSERT INTO meta.livraisons SELECT $id, $source, $producteur, $periode, $fichier, $sha, $encodage,
         (SELECT count(*) FROM incoming_raw), $date::DATE, now()::TIMESTAMP, true`,
      { id: a.livraisonId, source: contract.source, producteur: a.producteur, periode: a.periode, fichier: path.basename(a.file), sha: a.sha, encodage: a.encoding, date: a.dateExtraction },
    );
    await connection.run('COMMIT');
    return replaced.filter((r) => r.livraison_id !== a.livraisonId).length;
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

