// The dashboard's bundles (asset dashboard_bundles) depend on the code only: the first run makes them
// while the data is computed, and the dashboard then only prerenders its pages from the publication.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DASHBOARD_ASSETS, loadGraph } from '../../pipelines/assets/graph.ts';
import { sharedDashboard } from '../helpers/shared-dashboard.ts';

describe('the dashboard’s bundles', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await sharedDashboard();
  });

  it('wait on nothing, and the dashboard waits on them and on the publication', () => {
    const graph = loadGraph();
    expect(graph.assets.get('dashboard_bundles')!.upstream).toEqual([]);
    expect(graph.assets.get('dashboard')!.upstream.sort()).toEqual(['dashboard_bundles', 'publication']);
    expect(DASHBOARD_ASSETS.sort()).toEqual([...graph.assets.keys()].filter((a) => a.startsWith('dashboard')).sort());
  });

  it('are made during the first run’s computations, and the pages prerendered after the publication with them', () => {
    const statusFile = inject('buildStatus');
    // A reused data directory (SOLIDATA_TEST_DATA_DIR) has no run's output to read: its build log only.
    if (statusFile) {
      const { output } = JSON.parse(readFileSync(statusFile, 'utf8')) as { output: string };
      const began = output.search(/▸ \[\d+\/\d+\] dashboard_bundles …/);
      const published = output.search(/✓ \[\d+\/\d+\] publication\b/);
      expect(began).toBeGreaterThan(-1);
      expect(published).toBeGreaterThan(-1);
      // Queued with the first deliveries' loads (no upstream), so begun long before the publication.
      expect(began).toBeLessThan(published);
      expect(output.slice(published)).toMatch(/paquets des pages et composants repris/);
    }
    const log = readFileSync(path.join(dataDir, 'dashboard-build.log'), 'utf8');
    // The bundling (evidence build, stopped before any page is rendered), then the pages with its bundles
    // (later rebuilds, by other tests, append theirs).
    const steps = log.split('\n').filter((l) => /^[$#] /.test(l)).map((l) => l.replace(/^# \S+ : /, '# '));
    expect(steps.slice(0, 4)).toEqual(['$ evidence build', '# pages prérendues avec les paquets repris', '$ evidence sources', '$ le prérendu des pages (node prerender.mjs)']);
    expect(existsSync(path.join(dataDir, 'dashboard', 'index.html'))).toBe(true);
  });
});
