// The whole dashboard as one PDF for the session file: a cover and contents, then each page of
// dashboards/ printed by headless Chromium with the print styles (A4) in the order of the menu (the
// engagements right after the key figures), the technical pages as annexes, every sheet numbered.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { projectRoot } from '../config.ts';
import { launchChromium } from './chromium.ts';
import { printCover, type CoverInfo, type Part } from './pdf_cover.ts';
import { stampFooters } from './pdf_footer.ts';
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
  // By name: the printing order is printOrder's, from the built menu.
  return walk(dir, '').sort((a, b) => a.localeCompare(b));
}

/** Technical pages: printed last, as annexes (the session reads figures, not tables of tables). */
export const ANNEXES = ['/donnees', '/dictionnaire'];

/** The printing order: the menu's (home first), then pages the menu does not list, then the annexes. */
export function printOrder(routes: string[], menu: string[]): string[] {
  const clean = (r: string) => (r.length > 1 ? r.replace(/\/$/, '') : r);
  const inMenu = menu.map(clean).filter((r) => routes.includes(r) && !ANNEXES.includes(r));
  const rest = routes.filter((r) => !inMenu.includes(r) && !ANNEXES.includes(r));
  return [...new Set([...inMenu, ...rest, ...ANNEXES.filter((r) => routes.includes(r))])];
}

export interface PdfOptions {
  /** The print date (tests pass a fixed one). */
  now?: Date;
  progress?: (route: string) => void;
  /** A frozen edition's dashboard (solidata pdf --edition): its name and freezing date go on the cover and in every footer. */
  edition?: { label: string; frozenOn: Date };
}

const longDate = (d: Date) => d.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

export async function writeDashboardPdf(dashboardDir: string, out: string, options: PdfOptions = {}): Promise<{ pages: number; sheets: number; parts: Part[] }> {
  if (!existsSync(path.join(dashboardDir, 'index.html'))) throw new Error(`aucun tableau de bord construit dans ${dashboardDir} : lancez d’abord « solidata run ».`);
  const server = await serveDashboard(dashboardDir, 0);
  const browser = await launchChromium();
  try {
    const { port } = server.address() as AddressInfo;
    const printed: { route: string; title: string; pdf: PDFDocument }[] = [];
    let menu: string[] = [];
    let heading = 'Observatoire des solidarités';
    const print = async (route: string) => {
      options.progress?.(route);
      const page = await browser.newPage();
      try {
        const response = await page.goto(`http://127.0.0.1:${port}${route}`, { waitUntil: 'networkidle' });
        if (!response?.ok()) throw new Error(`la page ${route} manque au tableau de bord construit (${response?.status()}) : reconstruisez-le (solidata run).`);
        // Evidence fills its queries after the first paint: wait until no « Loading » is left.
        await page.waitForFunction(() => !/Loading|Chargement/.test(document.body.innerText), undefined, { timeout: 60_000 });
        if (route === '/') {
          menu = await page.$$eval('nav a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
          heading = (await page.locator('h1').first().innerText()).trim() || heading;
        }
        const title = route === '/' ? 'Les chiffres clés' : (await page.locator('h1').first().innerText().catch(() => route)).trim();
        await page.emulateMedia({ media: 'print' });
        const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '17mm', left: '12mm', right: '12mm' } });
        printed.push({ route, title, pdf: await PDFDocument.load(pdf) });
      } finally {
        await page.close();
      }
    };
    // The home page first: its menu gives the order of the others.
    await print('/');
    for (const route of printOrder(dashboardRoutes(), menu).filter((r) => r !== '/')) await print(route);

    // The figures are those of the last build, which follows each publication, or those of the edition.
    const edition = options.edition
      ? `Édition « ${options.edition.label} », chiffres gelés le ${longDate(options.edition.frozenOn)}`
      : `Chiffres publiés au ${longDate(statSync(path.join(dashboardDir, 'index.html')).mtime)}`;
    const info = (parts: Part[]): CoverInfo => ({ heading, edition, printed: longDate(options.now ?? new Date()), parts });
    // The contents' numbers depend on how many sheets the cover takes: count them with a first draft.
    const partsFrom = (coverSheets: number) => {
      let next = coverSheets + 1;
      return printed.map((p) => {
        const part = { title: p.title, page: next, annex: ANNEXES.includes(p.route) };
        next += p.pdf.getPageCount();
        return part;
      });
    };
    const draft = await PDFDocument.load(await printCover(browser, info(partsFrom(1))));
    const parts = partsFrom(draft.getPageCount());
    const cover = await PDFDocument.load(await printCover(browser, info(parts)));

    const merged = await PDFDocument.create();
    merged.setTitle(`${heading} — document de séance`);
    merged.setLanguage('fr-FR');
    for (const doc of [cover, ...printed.map((p) => p.pdf)]) {
      for (const p of await merged.copyPages(doc, doc.getPageIndices())) merged.addPage(p);
    }
    await stampFooters(merged, `${heading} — ${edition}`);
    writeFileSync(out, await merged.save());
    return { pages: printed.length, sheets: merged.getPageCount(), parts };
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
}
