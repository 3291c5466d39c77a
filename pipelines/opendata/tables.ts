// Which published tables go into the open data package: those the dashboard shows whole, i.e. whose
// Evidence source (sources/solidata/<t>.sql) is `select * from <t>`. Nothing the dashboard does not
// already show leaves the observatory: a published table no page reads (e.g. `questions`), the
// editions' own tables (shown only as counts) and anything added later without a page stay out
// until a page shows them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectPaths } from '../config.ts';

const WHOLE = /^\s*select\s+\*\s+from\s+([a-z_][a-z0-9_]*)\s*(order\s+by\s+[^;]*)?;?\s*$/i;

/** The tables the dashboard's sources read whole, in alphabetical order. */
export function dashboardTables(sourcesDir = path.join(projectPaths.sources, 'solidata')): string[] {
  const tables = new Set<string>();
  for (const file of readdirSync(sourcesDir).filter((f) => f.endsWith('.sql')).sort()) {
    const sql = readFileSync(path.join(sourcesDir, file), 'utf8').replace(/--[^\n]*/g, '').trim();
    const match = WHOLE.exec(sql);
    if (match && match[1] === path.basename(file, '.sql')) tables.add(match[1]);
  }
  return [...tables].sort();
}
