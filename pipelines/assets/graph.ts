// The asset graph, declared in one place. Execution order is derived from the declarations
// (SQL models name their upstream tables themselves), never written by hand.
import { buildDashboard, bundleSite, dashboardCodeHash, dashboardReady, departementSite } from '../dashboard/build.ts';
import { canRefresh } from '../dashboard/refresh.ts';
import { contracts } from '../contracts/index.ts';
import { publish, publishedTables } from '../publish/publish.ts';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listEditions } from '../publish/editions.ts';
import type { Paths } from '../config.ts';
import type { Asset, Graph } from './asset.ts';
import { indicatorAssets, indicatorBases, indicatorHeadersAsset, indicatorsUnionAsset, loadIndicators } from './indicators.ts';
import { rawSourceAsset } from './raw_source.ts';
import { referenceAssets } from './reference.ts';
import { travelScenariosAsset } from './travel_scenarios.ts';
import { dictionaryAsset } from './models_dictionary.ts';
import { engagementsAsset } from './engagements.ts';
import { macrosAsset } from './macros.ts';
import { travelTimesAsset } from './travel_times.ts';
import { hashText, listModelFiles, readSqlModel, sqlModelAsset, sqlReferences } from './sql_model.ts';
import { readSqlFile } from '../warehouse/duckdb.ts';
import { saveHeaderCache } from './header_cache.ts';
import { log } from '../log.ts';

export type { Graph } from './asset.ts';

export function loadGraph(): Graph {
  const indicators = loadIndicators();
  const list: Asset[] = [
    ...Object.values(contracts).map(rawSourceAsset),
    ...referenceAssets(),
    travelTimesAsset(),
    travelScenariosAsset(),
    // The dictionary describes every asset: it is handed the graph it belongs to.
    dictionaryAsset(() => graph),
    engagementsAsset(),
    macrosAsset(),
    ...['staging', 'intermediate', 'marts'].flatMap((layer) => listModelFiles(layer).map((f) => sqlModelAsset(readSqlModel(f)))),
    ...indicatorAssets(indicators),
    indicatorsUnionAsset(indicators),
    indicatorHeadersAsset(indicators),
    publicationAsset(),
    // Hashing the pages, components and patches takes a while: once per graph.
    ...dashboardAssets(dashboardCodeHash()),
  ];
  const assets = new Map(list.map((a) => [a.name, a]));
  const writer = new Map(list.flatMap((a) => [a.name, ...(a.provides ?? [])].map((t) => [t, a.name])));
  // Tables that are not assets (meta.livraisons, kept by the ingestion) are not edges.
  for (const a of list) a.upstream = [...new Set(a.upstream.flatMap((u) => writer.get(u) ?? []))].filter((u) => u !== a.name);
  const graph: Graph = {
    assets,
    order: topologicalOrder(assets),
    downstream: (name) => closure(name, (n) => list.filter((a) => a.upstream.includes(n)).map((a) => a.name)),
    upstream: (name) => closure(name, (n) => assets.get(n)?.upstream ?? []),
  };
  saveHeaderCache();
  return graph;
}

function publicationAsset(): Asset {
  return {
    name: 'publication',
    description: 'La base publiée (published.duckdb) : agrégats seulement, secret statistique appliqué.',
    // The tables the publication SQL reads, and the nesting used by secondary suppression.
    upstream: [...new Set(['intermediate.int_appartenance', ...publishedTables().flatMap((t) => sqlReferences(readSqlFile(`publish/${t}.sql`)))])],
    codeHash: hashText(publishedTables().map((t) => readSqlFile(`publish/${t}.sql`)).join('\n') + secrecyCode()),
    checks: [],
    // A new frozen edition is published with the next publication.
    pending: ({ paths }) => !existsSync(paths.published) || listEditions(paths).some((e) => !publishedEditions(paths).has(e.edition)),
    async materialise(ctx) {
      const rows = await publish(await ctx.warehouse(), ctx.paths, { threshold: ctx.settings.secretThreshold, minWidth: ctx.settings.secretMinWidth ?? 3, bases: indicatorBases() }, (line) => console.log(line));
      writeFileSync(editionsSeen(ctx.paths), JSON.stringify(listEditions(ctx.paths).map((e) => e.edition)));
      return { rows };
    },
  };
}

// The secrecy's code: a change to any of its files publishes again.
function secrecyCode(): string {
  const dir = new URL('../publish/secrecy/', import.meta.url);
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).sort().map((f) => readFileSync(new URL(f, dir), 'utf8')).join('\n');
}

// The editions the last publication included, kept beside the published database.
const editionsSeen = (paths: Paths) => path.join(paths.dataDir, 'editions-publiees.json');
function publishedEditions(paths: Paths): Set<string> {
  try {
    return new Set(JSON.parse(readFileSync(editionsSeen(paths), 'utf8')) as string[]);
  } catch {
    return new Set();
  }
}

/** The assets of the dashboard, left out by `solidata run --sans-tableau` and by tests that stop short of it. */
export const DASHBOARD_ASSETS = ['dashboard_bundles', 'dashboard'];

// The bundles depend on the code only: with no upstream, the runner builds them beside the warehouse's
// work on a first run or after a change of the pages (a minute of Vite), and the dashboard then only
// prerenders its pages from the published data.
function dashboardAssets(code: string): Asset[] {
  return [dashboardBundlesAsset(code), dashboardAsset(code)];
}

function dashboardBundlesAsset(code: string): Asset {
  return {
    name: 'dashboard_bundles',
    description: 'Les paquets JavaScript des pages et composants du tableau de bord (Vite), faits à partir du code seul.',
    upstream: [],
    codeHash: code,
    anyWorker: true,
    checks: [],
    pending: ({ paths }) => !canRefresh(departementSite(paths).workshop, code),
    async materialise(ctx) {
      if (!(await bundleSite(departementSite(ctx.paths), { complet: ctx.complet }))) {
        log.step('Tableau de bord : paquets JavaScript déjà faits à partir de ce code (--complet pour les refaire)');
      }
      return {};
    },
  };
}

function dashboardAsset(code: string): Asset {
  return {
    name: 'dashboard',
    description: 'Le tableau de bord Evidence construit à partir de la base publiée.',
    upstream: ['publication', 'dashboard_bundles'],
    codeHash: code,
    // It reads the published database only, so it need not wait for the warehouse queue.
    anyWorker: true,
    checks: [],
    pending: ({ paths }) => !dashboardReady(paths),
    async materialise(ctx) {
      await buildDashboard(ctx.paths, { onStage: ctx.stage });
      return {};
    },
  };
}

function topologicalOrder(assets: Map<string, Asset>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, chain: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`Dépendance circulaire entre actifs : ${[...chain, name].join(' → ')}`);
    state.set(name, 'visiting');
    for (const u of assets.get(name)!.upstream) visit(u, [...chain, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of [...assets.keys()].sort()) visit(name, []);
  return order;
}

/** Every asset reachable from `name` by `next`, transitively. */
function closure(name: string, next: (n: string) => string[]): string[] {
  const found = new Set<string>();
  const walk = (n: string) => {
    for (const m of next(n)) {
      if (!found.has(m)) {
        found.add(m);
        walk(m);
      }
    }
  };
  walk(name);
  return [...found];
}
