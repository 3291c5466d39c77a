// The federation's dashboard: an Evidence site of its own (federation-dashboard/: pages and source)
// built from DIR/federation.duckdb with the département dashboard's components, in a workshop of the
// federation. It is rebuilt only when the published federation or the dashboard's code has changed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSite, dashboardCodeHash, type EvidenceSite } from '../dashboard/build.ts';
import { sha256File } from '../publish/editions.ts';
import type { FederationPaths } from './folders.ts';

const PAGES = path.join('federation-dashboard', 'pages');
const SOURCES = path.join('federation-dashboard', 'sources');
/** Beside the built dashboard: the published federation and code it was built from. */
const STAMP = 'construit-depuis.txt';

export function federationSite(fp: FederationPaths): EvidenceSite {
  return {
    pages: PAGES, sources: SOURCES, source: 'federation', database: fp.published,
    workshop: fp.dashboardWorkshop, output: fp.dashboard, logFile: `${fp.dashboard}-construction.log`,
  };
}

/** Builds the dashboard unless it is already built from this federation and this code; says which. */
export async function buildFederationDashboard(fp: FederationPaths, options: { force?: boolean } = {}): Promise<'built' | 'unchanged'> {
  const site = federationSite(fp);
  const origin = `${await sha256File(fp.published)} ${dashboardCodeHash(site)}`;
  const stamp = path.join(fp.dashboard, STAMP);
  if (!options.force && existsSync(path.join(fp.dashboard, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === origin) return 'unchanged';
  await buildSite(site);
  writeFileSync(stamp, origin);
  return 'built';
}
