// Benchmark (not a test) of the dashboard: its build time and peak memory, then, for every page,
// what it downloads (the published data files: parquet, arrow, json — the DuckDB-Wasm engine,
// cached once by the browser, is counted apart) and the time until it is fully rendered in
// headless Chromium on localhost (no « Loading » left and every chart drawn), median of several
// visits.
//   npx tsx bench/dashboard.ts [--dossier DIR] [--sans-construction] [--visites 3] [--toutes]
// The data directory must hold a published database (`solidata run --sans-tableau --data-dir DIR`);
// by default the demo is generated and published in a temporary one first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { pathsFor, projectRoot } from '../pipelines/config.ts';
import { launchChromium } from '../pipelines/dashboard/chromium.ts';
import { resolveFile, serveDashboard } from '../pipelines/dashboard/serve.ts';

const { values } = parseArgs({
  options: {
    dossier: { type: 'string', default: path.join(tmpdir(), 'solidata-bench-tableau') },
    'sans-construction': { type: 'boolean', default: false },
    visites: { type: 'string', default: '3' },
    // Every templated page (about a hundred on the demo) rather than a few of each kind.
    toutes: { type: 'boolean', default: false },
  },
});
const fr = (n: number, digits = 0) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const size = (bytes: number) => (bytes < 1e6 ? `${fr(bytes / 1e3)} ko` : `${fr(bytes / 1e6, 1)} Mo`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const solidata = path.join(projectRoot, 'bin', 'solidata.js');

const dataDir = values.dossier!;
const paths = pathsFor(dataDir);
if (!existsSync(paths.published)) {
  console.log(`Démonstration publiée dans ${dataDir} (sans tableau de bord)…`);
  const run = spawnSync(process.execPath, [solidata, 'run', '--sans-tableau', '--data-dir', dataDir], { stdio: 'inherit', env: { ...process.env, DATABASE_URL: '' } });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

if (!values['sans-construction']) {
  // In a process of its own, under GNU time: Evidence's peak is that of its children (Vite, Node).
  // A full build first, then the rebuild a new delivery triggers (same code: pages prerendered again).
  const build = (complet: boolean) => {
    const script = `import { buildDashboard } from ${JSON.stringify(path.join(projectRoot, 'pipelines/dashboard/build.ts'))};
import { pathsFor } from ${JSON.stringify(path.join(projectRoot, 'pipelines/config.ts'))};
console.log('genre=' + await buildDashboard(pathsFor(${JSON.stringify(dataDir)}), { complet: ${complet} }));`;
    const started = performance.now();
    const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: projectRoot, maxBuffer: 1 << 26 });
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) {
      console.error(run.stderr);
      process.exit(1);
    }
    return { seconds, kind: /genre=(\w+)/.exec(run.stdout)?.[1], peakKb: Number(run.stderr.trim().split('\n').at(-1)) };
  };
  const full = build(true);
  console.log(`Construction complète du tableau de bord : ${fr(full.seconds, 1)} s, pic de mémoire ${size(full.peakKb * 1024)} (processus le plus gourmand)`);
  const again = build(false);
  const ratio = again.seconds / full.seconds;
  console.log(`Reconstruction après une livraison (${again.kind === 'pages' ? 'pages prérendues à nouveau' : 'construction complète'}) : ${fr(again.seconds, 1)} s, ` +
    `pic ${size(again.peakKb * 1024)} ; ratio ${fr(ratio, 2)} de la construction complète (cible ≤ 0,25 et ≤ 30 s : ${ratio <= 0.25 && again.seconds <= 30 ? 'atteinte' : 'manquée'})`);
}

/** Every page of the build: the theme pages, and the templated pages that were prerendered. */
function pagesOf(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === 'index.html')
    .map((e) => `/${path.relative(root, e.parentPath ?? e.path)}/`.replace(/^\/\/$/, '/').replace('//', '/'))
    .filter((p) => !p.startsWith('/api/') && !p.startsWith('/_app/'))
    .sort();
}

interface Visit { ms: number; data: number; engine: number; other: number }

async function visit(browser: Browser, url: string): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1300, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  // What the server sends for this visit (the browser does not report its workers' fetches).
  served.length = 0;
  const started = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => {
    const text = document.body.innerText;
    const charts = [...document.querySelectorAll('[data-graphique]')];
    return !/Loading/.test(text) && charts.every((c) => c.querySelector('svg'));
  }, undefined, { timeout: 60_000, polling: 50 });
  const ms = performance.now() - started;
  await page.waitForLoadState('networkidle');
  const sizes = [...served];
  await context.close();
  const isData = (u: string) => /\.(parquet|arrow|json)(\?|$)/.test(u) && !/manifest/.test(u);
  const isEngine = (u: string) => /duckdb.*\.(wasm|js)|\.wasm(\?|$)/.test(u);
  return {
    ms,
    data: sizes.filter((s) => isData(s.url)).reduce((n, s) => n + s.bytes, 0),
    engine: sizes.filter((s) => isEngine(s.url)).reduce((n, s) => n + s.bytes, 0),
    other: sizes.filter((s) => !isData(s.url) && !isEngine(s.url)).reduce((n, s) => n + s.bytes, 0),
  };
}

const server = await serveDashboard(paths.dashboardDir, 0);
const served: { url: string; bytes: number }[] = [];
server.on('request', (request: IncomingMessage) => {
  const file = resolveFile(paths.dashboardDir, request.url ?? '/');
  served.push({ url: request.url ?? '/', bytes: file ? statSync(file).size : 0 });
});
const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const browser = await launchChromium();
const kinds = ['/indicateurs/', '/territoires/', '/sites/'];
// By default every page that is not templated, and the first three of each templated kind.
const pages = pagesOf(paths.dashboardDir).filter((p, _, all) => values.toutes || !kinds.some((k) => p.startsWith(k))
  || all.filter((q) => q.startsWith(kinds.find((k) => p.startsWith(k))!)).indexOf(p) < 3);
const visits = Number(values.visites);
console.log(`\n${pages.length} pages, ${visits} visites chacune (navigateur neuf à chaque visite : rien en cache)`);
console.log('page | rendu complet (médiane) | données téléchargées | moteur DuckDB-Wasm | reste (JS, CSS, HTML)');
const all: { page: string; ms: number; data: number; engine: number; other: number }[] = [];
for (const p of pages) {
  const runs: Visit[] = [];
  for (let i = 0; i < visits; i++) runs.push(await visit(browser, `http://127.0.0.1:${port}${p}`));
  const row = { page: p, ms: median(runs.map((r) => r.ms)), data: median(runs.map((r) => r.data)), engine: median(runs.map((r) => r.engine)), other: median(runs.map((r) => r.other)) };
  all.push(row);
  console.log(`${p} | ${fr(row.ms / 1000, 2)} s | ${size(row.data)} | ${size(row.engine)} | ${size(row.other)}`);
}
await browser.close();
server.close();
const worst = all.reduce((a, b) => (b.ms > a.ms ? b : a));
const heaviest = all.reduce((a, b) => (b.data > a.data ? b : a));
console.log(`\nRendu complet : médiane ${fr(median(all.map((r) => r.ms)) / 1000, 2)} s, pire ${fr(worst.ms / 1000, 2)} s (${worst.page}) — cible < 2 s : ${worst.ms < 2000 ? 'tenue' : 'NON tenue'}`);
console.log(`Données : au plus ${size(heaviest.data)} (${heaviest.page}) — cible < 1 Mo : ${heaviest.data < 1e6 ? 'tenue' : 'NON tenue'} ; moteur DuckDB-Wasm ${size(Math.max(...all.map((r) => r.engine)))}, une fois (mis en cache)`);
