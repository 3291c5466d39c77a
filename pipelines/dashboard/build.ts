// Building the Evidence dashboard from the published database of the data directory in use, in a
// workshop of that data directory. The build goes to a folder beside the served one and replaces it
// only once complete, so a failed build leaves the previous dashboard online.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, type Paths } from '../config.ts';
import { log } from '../log.ts';
import { loggedRun } from './logged_run.ts';
import { canRefresh, forgetBuild, recordBuild, refreshPages } from './refresh.ts';
import { moveDir } from '../move_dir.ts';

/** The name of the Evidence source in sources/ that reads the published database. */
export const EVIDENCE_SOURCE = 'solidata';

/**
 * An Evidence site: its pages and sources (folders of the project), the database its source reads,
 * the workshop it builds in and the folder it is served from. The département's dashboard is one;
 * a federation's (pipelines/federation/dashboard.ts) is another, built from the same components.
 */
export interface EvidenceSite {
  /** Folder of the project with the pages (linked as ./pages in the workshop). */
  pages: string;
  /** Folder of the project with the Evidence sources (copied as ./sources). */
  sources: string;
  /** The source's name in it (a folder), whose database path is set at build time. */
  source: string;
  database: string;
  workshop: string;
  output: string;
  logFile: string;
}

/** The département's dashboard of a data directory. */
export function departementSite(paths: Paths): EvidenceSite {
  return {
    pages: 'dashboards', sources: 'sources', source: EVIDENCE_SOURCE, database: paths.published,
    workshop: path.join(paths.dataDir, 'dashboard-atelier'), output: paths.dashboardDir, logFile: path.join(paths.dataDir, 'dashboard-build.log'),
  };
}

/** Everything the built dashboard is made from, besides the published data: a change rebuilds it. */
export function dashboardCodeHash(site: Pick<EvidenceSite, 'pages' | 'sources'> = { pages: 'dashboards', sources: 'sources' }): string {
  const hash = createHash('sha256');
  const files = ['evidence.config.yaml', 'package-lock.json', ...[site.pages, site.sources, 'components', 'patches'].flatMap(listFiles)];
  for (const file of files.sort()) {
    if (existsSync(path.join(projectRoot, file))) hash.update(file).update(readFileSync(path.join(projectRoot, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  const root = path.join(projectRoot, dir);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(projectRoot, path.join(e.parentPath ?? e.path, e.name)));
}

export const dashboardReady = (paths: Paths) => existsSync(path.join(paths.dashboardDir, 'index.html'));

/**
 * Evidence builds in its working directory (./.evidence/template, ./build): each data directory gets
 * a workshop of its own, so that any number of them build at once from one installation. It links
 * to the project's pages, components, settings and packages, and holds its own copy of sources/
 * (the published database's path is given relative to it). Its name starts with « dashboard » so
 * that copies of a data directory leave it out, like the dashboard itself.
 */
export function buildWorkshop(site: EvidenceSite): string {
  const workshop = site.workshop;
  mkdirSync(workshop, { recursive: true });
  const links: Record<string, string> = {
    dashboards: path.join(projectRoot, site.pages), pages: 'dashboards', components: path.join(projectRoot, 'components'),
    'evidence.config.yaml': path.join(projectRoot, 'evidence.config.yaml'), 'evidence.settings.json': path.join(projectRoot, 'evidence.settings.json'),
    'package.json': path.join(projectRoot, 'package.json'), node_modules: path.join(projectRoot, 'node_modules'),
  };
  for (const [name, target] of Object.entries(links)) {
    const link = path.join(workshop, name);
    if (existsSync(link) || isLink(link)) {
      if (isLink(link) && readlinkSync(link) === target) continue;
      rmSync(link, { recursive: true, force: true });
    }
    symlinkSync(target, link);
  }
  rmSync(path.join(workshop, 'sources'), { recursive: true, force: true });
  cpSync(path.join(projectRoot, site.sources), path.join(workshop, 'sources'), { recursive: true });
  rmSync(path.join(workshop, 'build'), { recursive: true, force: true });
  return workshop;
}

const isLink = (file: string) => {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
};

export interface BuildOptions {
  /** Bundle pages and components again even when their code has not changed. */
  complet?: boolean;
  /** Told when each stage begins, in words (the run's history shows them). */
  onStage?: (nom: string) => Promise<void> | void;
}

export function buildDashboard(paths: Paths, options: BuildOptions = {}): Promise<'complete' | 'pages'> {
  return buildSite(departementSite(paths), options);
}

/**
 * The JavaScript bundles of a site's pages, components and packages (Vite), without any data: they
 * depend on the code only, so the runner builds them while the data is computed (asset
 * dashboard_bundles), and every later delivery reuses them. Does nothing when they are up to date.
 */
export async function bundleSite(site: EvidenceSite, options: { complet?: boolean } = {}): Promise<boolean> {
  const workshop = buildWorkshop(site);
  const code = dashboardCodeHash(site);
  if (!options.complet && canRefresh(workshop, code)) return false;
  writeFileSync(site.logFile, '');
  await bundle(workshop, siteEnvironment(site, workshop), code, site.logFile);
  return true;
}

async function bundle(workshop: string, env: NodeJS.ProcessEnv, code: string, logFile: string): Promise<void> {
  forgetBuild(workshop);
  // The patched SvelteKit stops once the bundles are written (patches/@sveltejs+kit+*.patch).
  await evidence(['build'], { ...env, SOLIDATA_BUNDLES_ONLY: '1' }, 'paquets JavaScript des pages et des composants', logFile, workshop);
  recordBuild(workshop, code);
}

/**
 * Builds a site: the published tables extracted as the pages' data files, the bundles made if the
 * code changed since they were (or if `complet`), then every page prerendered from the data.
 * Returns whether the bundles were made again ('complete') or reused ('pages').
 */
export async function buildSite(site: EvidenceSite, options: BuildOptions = {}): Promise<'complete' | 'pages'> {
  const building = `${site.output}.building`;
  rmSync(building, { recursive: true, force: true });
  const workshop = buildWorkshop(site);
  const env = siteEnvironment(site, workshop);
  const logFile = site.logFile;
  const stage = async (nom: string) => options.onStage?.(nom);
  const code = dashboardCodeHash(site);
  let kind: 'complete' | 'pages' = options.complet || !canRefresh(workshop, code) ? 'complete' : 'pages';
  // The log keeps the bundling's output (the bundles are reused) and the last prerender's.
  const bundling = kind === 'pages' && existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n# ')[0] : '';
  writeFileSync(logFile, kind === 'complete' ? '' : `${bundling}\n# ${new Date().toISOString()} : pages prérendues avec les paquets repris\n`);
  await stage('extraction des tables publiées');
  await evidence(['sources'], env, 'extraction des tables publiées', logFile, workshop);
  const bundles = async () => {
    await stage('paquets JavaScript des pages (construction complète)');
    await bundle(workshop, env, code, logFile);
  };
  if (kind === 'complete') await bundles();
  else log.step('Tableau de bord : pages prérendues avec les données publiées ; paquets des pages et composants repris (faits à partir de ce code)');
  await stage('prérendu des pages');
  try {
    await refreshPages(workshop, env, logFile);
  } catch (error) {
    if (kind === 'complete') throw error;
    // Bundles left by an interrupted build, or a change the code's hash does not see: made again.
    log.warn(`Tableau de bord : ${(error as Error).message.split('\n')[0]} ; paquets refaits, construction complète à la place.`);
    kind = 'complete';
    await bundles();
    await stage('prérendu des pages');
    await refreshPages(workshop, env, logFile);
  }
  await stage('mise en ligne');
  // EVIDENCE_BUILD_DIR is not usable in Evidence 40 (its last step still reads ./build and fails):
  // the build lands in the workshop's ./build, and is moved beside the served dashboard.
  moveDir(path.join(workshop, 'build'), building);
  if (!existsSync(path.join(building, 'index.html'))) throw new Error(`La construction du tableau de bord n’a pas produit de page d’accueil (${building}).`);
  const old = `${site.output}.old`;
  rmSync(old, { recursive: true, force: true });
  if (existsSync(site.output)) renameSync(site.output, old);
  renameSync(building, site.output);
  rmSync(old, { recursive: true, force: true });
  return kind;
}

function siteEnvironment(site: EvidenceSite, workshop: string): NodeJS.ProcessEnv {
  return {
    ...evidenceEnvironment(),
    // The DuckDB connector joins this path to the source's folder, even an absolute one.
    [`EVIDENCE_SOURCE__${site.source}__filename`]: path.relative(path.join(workshop, 'sources', site.source), path.resolve(site.database)),
    // A larger young generation: bundling allocates much short-lived memory, and with Node's default
    // a quarter of its time went to collecting it (72 s → 57 s for the demo's bundles on a quiet
    // machine, for 0.1 GB more at the peak).
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--max-old-space-size=4096', '--max-semi-space-size=128'].filter(Boolean).join(' '),
  };
}

/**
 * The environment Evidence builds in: ours, less what a test runner sets (NODE_ENV=test and
 * VITEST_* make Vite and SvelteKit build differently, and the prerender then fails).
 */
function evidenceEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST'));
  return { ...env, NODE_ENV: 'production' };
}


/** Runs the Evidence CLI; its output is kept and shown only when it fails or reports a broken query. */
function evidence(args: string[], env: NodeJS.ProcessEnv, what: string, logFile: string, cwd: string): Promise<void> {
  log.step(`Tableau de bord : ${what} (evidence ${args.join(' ')})`);
  return loggedRun(path.join(projectRoot, 'node_modules', '.bin', 'evidence'), args, `evidence ${args.join(' ')}`, cwd, env, logFile);
}
