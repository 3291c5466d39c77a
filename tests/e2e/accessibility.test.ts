// Accessibility: axe-core run in Chromium on every page of the shared built dashboard; no serious
// or critical violation may remain.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pathsFor } from '../../pipelines/config.ts';
import { launchChromium } from '../../pipelines/dashboard/chromium.ts';
import { dashboardRoutes } from '../../pipelines/dashboard/pdf.ts';
import { serveDashboard } from '../../pipelines/dashboard/serve.ts';
import { SHARED_BUILD_WAIT, sharedDashboard } from '../helpers/shared-dashboard.ts';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// The shared run builds in the background while the files that do not need it run.
beforeAll(() => sharedDashboard(), SHARED_BUILD_WAIT);

interface Violation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

describe('accessibility (axe-core)', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    server = await serveDashboard(pathsFor(inject('dataDir')).dashboardDir, 0);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  // Every page, and one of each templated kind (indicator, territory, site of the demo).
  const templated = ['/indicateurs/allocataires_pour_1000_hab/', '/territoires/territoire-de-blois/', '/sites/mds-controis-en-sologne/'];
  for (const route of [...dashboardRoutes(), ...templated]) {
    it(`${route} has no serious or critical violation`, async () => {
      const page = await browser.newPage();
      const { port } = server.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}${route}`, { waitUntil: 'networkidle' });
      await page.waitForFunction(() => !/Loading|Chargement/.test(document.body.innerText), undefined, { timeout: 60_000 });
      await page.addScriptTag({ path: axeSource });
      const violations = await page.evaluate(async () => {
        // @ts-expect-error axe is injected above
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations as Violation[];
      });
      await page.close();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id} (${v.help}) : ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' ; ')}`);
      expect(serious).toEqual([]);
    }, 90_000);
  }
});
