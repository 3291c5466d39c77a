// Building the Evidence dashboard from the published database of the data directory in use.
// The build goes to a folder beside the served one and replaces it only once complete, so a
// failed build leaves the previous dashboard online.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, type Paths } from '../config.ts';
import { log } from '../log.ts';

/** The name of the Evidence source in sources/ that reads the published database. */
export const EVIDENCE_SOURCE = 'solidata';

/** Everything the built dashboard is made from, besides the published data: a change rebuilds it. */
export function dashboardCodeHash(): string {
  const hash = createHash('sha256');
  const files = ['evidence.config.yaml', 'package-lock.json', ...['dashboards', 'sources', 'components', 'patches'].flatMap(listFiles)];
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

export async function buildDashboard(paths: Paths): Promise<void> {
  const building = `${paths.dashboardDir}.building`;
  rmSync(building, { recursive: true, force: true });
  const env = {
    ...evidenceEnvironment(),
    // The DuckDB connector joins this path to the source's folder, even an absolute one.
    [`EVIDENCE_SOURCE__${EVIDENCE_SOURCE}__filename`]: path.relative(path.join(projectRoot, 'sources', EVIDENCE_SOURCE), paths.published),
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--max-old-space-size=4096'].filter(Boolean).join(' '),
  };
  const logFile = path.join(paths.dataDir, 'dashboard-build.log');
  writeFileSync(logFile, '');
  await evidence(['sources'], env, 'extraction des tables publiées', logFile);
  await evidence(['build'], env, 'construction des pages', logFile);
  // EVIDENCE_BUILD_DIR is not usable in Evidence 40 (its last step still reads ./build and fails):
  // the build lands in ./build, and is moved into the data directory.
  moveDir(path.join(projectRoot, 'build'), building);
  if (!existsSync(path.join(building, 'index.html'))) throw new Error(`La construction du tableau de bord n’a pas produit de page d’accueil (${building}).`);
  const old = `${paths.dashboardDir}.old`;
  rmSync(old, { recursive: true, force: true });
  if (existsSync(paths.dashboardDir)) renameSync(paths.dashboardDir, old);
  renameSync(building, paths.dashboardDir);
  rmSync(old, { recursive: true, force: true });
}

/**
 * The environment Evidence builds in: ours, less what a test runner sets (NODE_ENV=test and
 * VITEST_* make Vite and SvelteKit build differently, and the prerender then fails).
 */
function evidenceEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST'));
  return { ...env, NODE_ENV: 'production' };
}

function moveDir(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/** Runs the Evidence CLI; its output is kept and shown only when it fails or reports a broken query. */
function evidence(args: string[], env: NodeJS.ProcessEnv, what: string, logFile: string): Promise<void> {
  const bin = path.join(projectRoot, 'node_modules', '.bin', 'evidence');
  log.step(`Tableau de bord : ${what} (evidence ${args.join(' ')})`);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      appendFileSync(logFile, `$ evidence ${args.join(' ')}\n${output}\n`);
      // `evidence build` exits 0 on a broken page query: the log is the only witness.
      const broken = /Error in Query!|Query failed|\[ERROR\]/i.test(output);
      if (code === 0 && !broken) return resolve();
      const tail = output.split('\n').filter((l) => l.trim()).slice(-25).join('\n');
      reject(new Error(`evidence ${args.join(' ')} a échoué (code ${code}${broken ? ', requête en erreur' : ''}) ; journal complet : ${logFile}\n${tail}`));
    });
  });
}
