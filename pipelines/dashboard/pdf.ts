// The whole dashboard as one PDF for the session file: each page of dashboards/ printed by
// headless Chromium with the print styles (A4), then the pages joined in the order of the menu.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { projectRoot } from '../config.ts';
import { launchChromium } from './chromium.ts';
import { serveDashboard } from './serve.ts';

export const pagesDir = path.join(projectRoot, 'dashboards');

/** The routes of the dashboard's pages, home and engagements first; templated pages ([id]) are left out. */
export function dashboardRoutes(dir = pagesDir): string[] {
  const walk = (d: string, prefix: string): string[] => readdirSync(d).sort().flatMap((f) => {
    const full = path.join(d, f);
    if (f.includes('[')) return [];
    if (statSync(full).isDirectory()) return walk(full, `${prefix}/${f}`);
    if (!f.endsWith('.md')) return [];
    return [f === 'index.md' ? prefix || '/' : `${prefix}/${f.slice(0, -3)}`];
  });
  // The home page (the cover), then the engagements the assembly voted, then the rest by name.
  const first = ['/', '/engagements'];
  const rank = (r: string) => (first.includes(r) ? first.indexOf(r) : first.length);
  return walk(dir, '').sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export async function writeDashboardPdf(dashboardDir: string, out: string, progress: (route: string) => void = () => {}): Promise<{ pages: number; sheets: number }> {
  if (!existsSync(path.join(dashboardDir, 'index.html'))) throw new Error(`aucun tableau de bord construit dans ${dashboardDir} : lancez d’abord « solidata run ».`);
  const server = await serveDashboard(dashboardDir, 0);
  const browser = await launchChromium();
  try {
    const { port } = server.address() as AddressInfo;
    const merged = await PDFDocument.create();
    merged.setTitle('Observatoire des solidarités — tableau de bord');
    merged.setLanguage('fr-FR');
    const routes = dashboardRoutes();
    for (const route of routes) {
      progress(route);
      const page = await browser.newPage();
      const response = await page.goto(`http://127.0.0.1:${port}${route}`, { waitUntil: 'networkidle' });
      if (!response?.ok()) throw new Error(`la page ${route} manque au tableau de bord construit (${response?.status()}) : reconstruisez-le (solidata run).`);
      // Evidence fills its queries after the first paint: wait until no « Loading » is left.
      await page.waitForFunction(() => !/Loading|Chargement/.test(document.body.innerText), undefined, { timeout: 60_000 });
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
      await page.close();
      const doc = await PDFDocument.load(pdf);
      for (const p of await merged.copyPages(doc, doc.getPageIndices())) merged.addPage(p);
    }
    writeFileSync(out, await merged.save());
    return { pages: routes.length, sheets: merged.getPageCount() };
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
}
