// The dashboard of a frozen edition, for `solidata pdf --edition`: built, like the served one, from a
// published database, here today's with the edition's cells and engagements in place of today's
// (sql/dashboard/edition.sql). It lives under <data-dir>/dashboard-editions/ (left out of copies of
// the data directory, like the dashboard) and is built again only when the code, today's
// publication or the edition change. Each edition builds in a workshop of its own, seeded with the
// bundles of the data directory's dashboard when they are of the same code (its pages are then only
// prerendered again, in a minute rather than several), and removed once the dashboard is built.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Paths } from '../config.ts';
import { checkEdition, EditionError, listEditions, type Manifest } from '../publish/editions.ts';
import { openDatabase, queryRows, readSqlFile, runScript, sqlString } from '../warehouse/duckdb.ts';
import { buildSite, dashboardCodeHash, departementSite } from './build.ts';
import { seedWorkshop } from './refresh.ts';
import { log } from '../log.ts';

export const editionDashboardsDir = (paths: Paths) => path.join(paths.dataDir, 'dashboard-editions');

/** Where an edition's dashboard is built: its workshop, and the build's log (kept). */
export const editionBuildDir = (paths: Paths, label: string) => path.join(editionDashboardsDir(paths), 'constructions', label);

export interface EditionDashboard {
  manifest: Manifest;
  dashboardDir: string;
  /** False when the dashboard of an earlier call was still up to date. */
  built: boolean;
}

/** Builds (or reuses) the dashboard of a frozen edition; refuses an unknown, modified or not yet published one. */
export async function editionDashboard(paths: Paths, label: string, progress: (step: string) => void = () => {}): Promise<EditionDashboard> {
  const manifest = listEditions(paths).find((m) => m.edition === label);
  if (!manifest) throw new EditionError(`aucune édition gelée « ${label} » dans ${paths.dataDir} (éditions : ${listEditions(paths).map((m) => m.edition).join(', ') || 'aucune'}). Voir « solidata freeze --liste ».`);
  const { intact, actual } = await checkEdition(paths, label);
  if (!intact) throw new EditionError(`l’édition « ${label} » a été modifiée depuis son gel (empreinte ${actual}, attendue ${manifest.sha256}) : elle n’est pas imprimée.`);
  if (!existsSync(paths.published)) throw new EditionError('aucune base publiée : lancez d’abord « solidata run ».');

  const root = editionDashboardsDir(paths);
  // The edition's database and dashboard under dashboard-editions/, its workshop and log in a folder of its own.
  const editionPaths: Paths = { ...paths, dataDir: editionBuildDir(paths, label), published: path.join(root, `${label}.duckdb`), dashboardDir: path.join(root, label) };
  const stampFile = path.join(root, `${label}.empreinte`);
  const code = dashboardCodeHash();
  const stamp = JSON.stringify({ code, edition: manifest.sha256, publiee: publishedStamp(paths) });
  if (existsSync(path.join(editionPaths.dashboardDir, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return { manifest, dashboardDir: editionPaths.dashboardDir, built: false };
  }
  mkdirSync(root, { recursive: true });
  rmSync(stampFile, { force: true });
  progress(`base de l’édition « ${label} »`);
  await writeEditionDatabase(paths, manifest, editionPaths.published);
  const site = departementSite(editionPaths);
  const seeded = seedWorkshop(departementSite(paths).workshop, site.workshop, code);
  if (seeded) log.step(`Tableau de bord de l’édition : paquets de pages et de composants repris du tableau de bord de ${paths.dataDir} (même code)`);
  progress(`tableau de bord de l’édition « ${label} » (${seeded ? 'une minute environ' : 'quelques minutes'})`);
  await buildSite(site);
  // A workshop weighs about as much as the dashboard; the next build of this edition seeds another.
  rmSync(site.workshop, { recursive: true, force: true });
  writeFileSync(stampFile, stamp);
  return { manifest, dashboardDir: editionPaths.dashboardDir, built: true };
}

/** Today's published database as the edition shows it; the edition must be in today's publication (its cells protected with today's secrecy). */
async function writeEditionDatabase(paths: Paths, manifest: Manifest, file: string): Promise<void> {
  const building = `${file}.building`;
  rmSync(building, { force: true });
  copyFileSync(paths.published, building);
  const db = await openDatabase(building);
  try {
    const published = await queryRows<{ sha256: string }>(db.connection, 'SELECT sha256 FROM editions WHERE edition = $edition', { edition: manifest.edition });
    if (published[0]?.sha256 !== manifest.sha256) {
      throw new EditionError(`l’édition « ${manifest.edition} » n’est pas encore dans la base publiée : lancez « solidata run » (elle y est publiée, protégée par le secret statistique du jour), puis imprimez-la.`);
    }
    await db.connection.run(`SET VARIABLE edition = ${sqlString(manifest.edition)}`);
    await db.connection.run(`SET VARIABLE livraisons = [${manifest.livraisons.map((l) => sqlString(l.sha256)).join(', ')}]::VARCHAR[]`);
    await runScript(db.connection, readSqlFile('dashboard/edition.sql'));
  } catch (error) {
    db.close();
    rmSync(building, { force: true });
    throw error;
  }
  db.close();
  renameSync(building, file);
}

/** What today's publication is, cheaply: the published database's size and date (it is replaced whole at each publication). */
function publishedStamp(paths: Paths): string {
  const s = statSync(paths.published);
  return `${s.size}-${s.mtimeMs}`;
}
