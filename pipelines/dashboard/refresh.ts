// A dashboard's pages prerendered from the data `evidence sources` just wrote, with the Vite bundles
// of pages, components and packages made earlier from the same code (build.ts: bundleSite): a new
// delivery prerenders the pages again and nothing else. Bundling is most of a full build's time.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.ts';
import { loggedRun } from './logged_run.ts';

const TEMPLATE = path.join('.evidence', 'template');
const OUTPUT = path.join(TEMPLATE, '.svelte-kit', 'output');
/** Written by the bundling (patched SvelteKit): the routes' analysis a prerender needs. */
const METADATA = 'solidata-metadata.json';
/** Written by us once the bundles are made: the code they were made from. */
const CODE = 'solidata-code.txt';

/** Whether the workshop holds bundles made from exactly this code. */
export function canRefresh(workshop: string, codeHash: string): boolean {
  const out = path.join(workshop, OUTPUT);
  const code = path.join(out, CODE);
  return existsSync(path.join(out, METADATA)) && existsSync(path.join(out, 'server', 'manifest-full.js')) && existsSync(code) && readFileSync(code, 'utf8') === codeHash;
}

/** Marks the workshop's bundles as made from this code (once they are). */
export function recordBuild(workshop: string, codeHash: string): void {
  const out = path.join(workshop, OUTPUT);
  if (existsSync(path.join(out, METADATA))) writeFileSync(path.join(out, CODE), codeHash);
}

/**
 * Gives a workshop the bundles of another one built from the same code (an edition's dashboard those
 * of the data directory's own), so that it prerenders its pages instead of bundling them again.
 * Nothing of the other's data comes along: its data files, query results, pages and site are left.
 */
export function seedWorkshop(from: string, to: string, codeHash: string): boolean {
  if (canRefresh(to, codeHash) || !canRefresh(from, codeHash)) return false;
  const source = path.join(from, TEMPLATE);
  const left = new Set(['build', '.evidence-queries', path.join('static', 'data'), path.join('.svelte-kit', 'output', 'prerendered')].map((p) => path.join(source, p)));
  rmSync(path.join(to, TEMPLATE), { recursive: true, force: true });
  cpSync(source, path.join(to, TEMPLATE), { recursive: true, filter: (src) => !left.has(src) });
  return true;
}

/** Forgets the bundles (a failed or interrupted build may have left them half written). */
export function forgetBuild(workshop: string): void {
  rmSync(path.join(workshop, OUTPUT, CODE), { force: true });
}

/**
 * Prerenders every page from the data files `evidence sources` just wrote, and assembles
 * the site in the workshop's ./build as `evidence build` does (SvelteKit's static adapter, then
 * Evidence's content-hashed data files).
 */
export async function refreshPages(workshop: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  const template = path.join(workshop, TEMPLATE);
  const out = path.join(workshop, OUTPUT);
  // Build-time query results are cached by query text: the same query on new data must run again.
  rmSync(path.join(template, '.evidence-queries', 'cache'), { recursive: true, force: true });
  rmSync(path.join(out, 'prerendered'), { recursive: true, force: true });
  await loggedRun(process.execPath, [path.join(projectRoot, 'pipelines', 'dashboard', 'prerender.mjs'), path.join(projectRoot, 'node_modules', '@sveltejs', 'kit')],
    'le prérendu des pages (node prerender.mjs)', template,
    { ...env, EVIDENCE_DATA_URL_PREFIX: 'static/data', EVIDENCE_DATA_DIR: './static/data', EVIDENCE_IS_BUILDING: 'true' }, logFile);

  const build = path.join(workshop, 'build');
  rmSync(build, { recursive: true, force: true });
  cpSync(path.join(out, 'client'), build, { recursive: true, filter: (src) => path.basename(src) !== '.vite' });
  for (const part of ['pages', 'dependencies']) {
    const from = path.join(out, 'prerendered', part);
    if (existsSync(from)) cpSync(from, build, { recursive: true });
  }
  // The bundles' copy of static/ holds whatever data was there when they were made: today's replaces it.
  rmSync(path.join(build, 'data'), { recursive: true, force: true });
  cpSync(path.join(template, 'static', 'data'), path.join(build, 'data'), { recursive: true });
  hashDataFiles(path.join(build, 'data'));
}

/**
 * What `evidence build` does last (@evidence-dev/evidence cli.js): every data file moves to a folder
 * named by its content's MD5, and the manifest says where, so that browsers never keep stale data.
 */
function hashDataFiles(dataDir: string): void {
  const manifestFile = path.join(dataDir, 'manifest.json');
  if (!existsSync(manifestFile)) return;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { renderedFiles: Record<string, string[]> };
  for (const files of Object.values(manifest.renderedFiles)) {
    for (let i = 0; i < files.length; i++) {
      // <url prefix>/<source>/<table>/<table>.parquet: the last three parts are on disk.
      const diskParts = files[i].split('/').slice(-3).join('/');
      const file = path.join(dataDir, diskParts);
      if (!existsSync(file)) continue;
      const hash = createHash('md5').update(readFileSync(file)).digest('hex');
      const hashed = path.posix.join(path.posix.dirname(diskParts), hash, path.posix.basename(diskParts));
      mkdirSync(path.dirname(path.join(dataDir, hashed)), { recursive: true });
      renameSync(file, path.join(dataDir, hashed));
      files[i] = files[i].replace(diskParts, hashed);
    }
  }
  writeFileSync(manifestFile, JSON.stringify(manifest));
}
