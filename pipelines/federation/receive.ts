// One package received by a federation: checked whole (descriptor, schema version, size and SHA-256
// of every file, département code consistent with its data, masked cells empty), then put among the
// accepted packages, replacing that département's previous one; or refused whole, moved aside with
// a French note saying which file is wrong and what to do.
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, queryRows, readSqlFile, sqlString } from '../warehouse/duckdb.ts';
import { InvalidPackage, verifyPackage } from '../opendata/verify.ts';
import { REFUSAL, type FederationPaths, type Provenance } from './folders.ts';

export { InvalidPackage };

export async function receivePackage(fp: FederationPaths, dir: string, now = new Date()): Promise<Provenance> {
  try {
    const { descriptor, sha256 } = await verifyPackage(dir);
    const code = descriptor.producteur.code;
    await checkData(dir, code);
    const target = path.join(fp.accepted, code);
    mkdirSync(fp.accepted, { recursive: true });
    const incoming = `${target}.arrivee-${process.pid}-${now.getTime()}`;
    moveDir(dir, incoming);
    rmSync(target, { recursive: true, force: true });
    renameSync(incoming, target);
    const provenance: Provenance = {
      departement: code, nom: descriptor.producteur.nom, edition: descriptor.edition, schema_version: descriptor.schema_version, sha256,
      base_publiee_sha256: descriptor.base_publiee_sha256, date_donnees_min: descriptor.dates_donnees.min, date_donnees_max: descriptor.dates_donnees.max,
      periode_debut: descriptor.couverture.temporelle.debut, periode_fin: descriptor.couverture.temporelle.fin,
      recu_le: now.toISOString(), dossier_recu: path.basename(dir),
    };
    writeFileSync(`${target}.json`, JSON.stringify(provenance, null, 2) + '\n');
    return provenance;
  } catch (error) {
    if (!(error instanceof InvalidPackage)) throw error;
    if (existsSync(dir)) {
      const aside = path.join(fp.refused, `${path.basename(dir)}-${now.toISOString().replace(/[:.]/g, '-')}`);
      mkdirSync(fp.refused, { recursive: true });
      moveDir(dir, aside);
      writeFileSync(path.join(aside, REFUSAL), `${error.message}\n\nLe paquet a été refusé en entier : rien n’en a été chargé. Une fois corrigé, déposez-le de nouveau dans la boîte de la fédération.\n`);
    }
    throw error;
  }
}

async function checkData(dir: string, code: string): Promise<void> {
  const db = await openDatabase(':memory:');
  try {
    const c = db.connection;
    await c.run(`CREATE VIEW communes AS SELECT * FROM read_parquet(${sqlString(path.join(dir, 'parquet/communes.parquet'))})`);
    await c.run(`CREATE VIEW indicateurs AS SELECT * FROM read_parquet(${sqlString(path.join(dir, 'parquet/indicateurs.parquet'))})`);
    await c.run(`SET VARIABLE departement = ${sqlString(code)}`);
    let found;
    try {
      [found] = await queryRows<{ departements_communes: string | null; cases_departement: number; cases_secretes_renseignees: number }>(c, readSqlFile('federation/controle_paquet.sql'));
    } catch (error) {
      throw new InvalidPackage(dir, [`parquet/communes.parquet ou parquet/indicateurs.parquet : illisible ou colonnes manquantes (${(error as Error).message.split('\n')[0]}) ; le paquet doit être refait avec « solidata opendata ».`]);
    }
    const problems: string[] = [];
    if (found.departements_communes !== code) problems.push(`parquet/communes.parquet : les communes sont du département ${found.departements_communes ?? '(aucun)'}, alors que datapackage.json annonce le ${code} ; le paquet a été modifié ou mal nommé, demandez-en un nouvel export.`);
    if (found.cases_departement === 0) problems.push(`parquet/indicateurs.parquet : aucune case au niveau du département ${code} ; rien à comparer, vérifiez que le paquet vient bien de ce département.`);
    if (found.cases_secretes_renseignees > 0) problems.push(`parquet/indicateurs.parquet : ${found.cases_secretes_renseignees} case(s) marquée(s) secrètes portent une valeur ; le paquet ne respecte pas le secret statistique et ne doit pas circuler : prévenez le département.`);
    if (problems.length > 0) throw new InvalidPackage(dir, problems);
  } finally {
    db.close();
  }
}

/** A rename, or a copy when the inbox is on another file system (a shared folder). */
function moveDir(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

