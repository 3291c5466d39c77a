// solidata pdf: every page of the shared built dashboard, printed into one A4 PDF for the session
// file, read back with poppler's pdftotext: cover, contents whose numbers lead to the right sheets,
// the engagements first after the key figures, the technical pages as annexes, every sheet numbered;
// each definition on the sheet of its first figure, every table whole, nothing that works only on a screen.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { pathsFor } from '../../pipelines/config.ts';
import { launchChromium } from '../../pipelines/dashboard/chromium.ts';
import { ANNEXES, dashboardRoutes, printOrder, writeDashboardPdf } from '../../pipelines/dashboard/pdf.ts';
import type { Part } from '../../pipelines/dashboard/pdf_cover.ts';
import { serveDashboard } from '../../pipelines/dashboard/serve.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { SHARED_BUILD_WAIT, sharedDashboard } from '../helpers/shared-dashboard.ts';

// The shared run builds in the background while the files that do not need it run.
beforeAll(() => sharedDashboard(), SHARED_BUILD_WAIT);

/** Spaces normalised, ligatures undone: the PDF's text and the page's compare. */
const norm = (s: string) => s.normalize('NFKC').replace(/[\u00a0\u202f\s]+/g, ' ').trim();

/** The text of one sheet (1-based), spaces normalised. */
function sheetText(file: string, sheet: number): string {
  const result = spawnSync('pdftotext', ['-f', String(sheet), '-l', String(sheet), '-layout', file, '-'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pdftotext : ${result.stderr}`);
  return norm(result.stdout);
}

/** Every sheet's text in reading order (not laid out: a wrapped line joins the next), one line per printed line. */
function sheetLines(file: string): string[][] {
  const result = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pdftotext : ${result.stderr}`);
  return result.stdout.split('\f').map((sheet) => sheet.split('\n').map(norm).filter(Boolean));
}

/** What each printed page shows, read in Chromium at the PDF's width with the print styles. */
interface PrintedPage {
  route: string;
  title: string;
  /** Per indicator's block: its definition (the start of a long one; several begin alike) and the start of its first figure. */
  fiches: { id: string; definition: string; figure: string }[];
  /** The column headers of every table printed. */
  tables: { caption: string; headers: string[] }[];
  /** Tables wider than the page's text, or scrolling inside their box. */
  wide: string[];
  /** On screen: the one-line titles of folded blocks, buttons, download links. */
  screenOnly: string[];
}

const words = (text: string, n: number) => norm(text).split(' ').slice(0, n).join(' ');

async function readPages(dashboardDir: string, routes: string[]): Promise<PrintedPage[]> {
  const server = await serveDashboard(dashboardDir, 0);
  const browser = await launchChromium();
  try {
    const { port } = server.address() as AddressInfo;
    // A4 less the PDF's margins (210 − 2 × 12 mm) at 96 dpi: the width pdf.ts prints at.
    const page = await browser.newPage({ viewport: { width: Math.floor(((210 - 24) / 25.4) * 96), height: 1000 } });
    const pages: PrintedPage[] = [];
    for (const route of routes) {
      await page.emulateMedia({ media: 'screen' });
      await page.goto(`http://127.0.0.1:${port}${route}`, { waitUntil: 'networkidle' });
      await page.waitForFunction(() => !/Loading|Chargement/.test(document.body.innerText), undefined, { timeout: 60_000 });
      // The title as pdf.ts reads it for the contents.
      const title = route === '/' ? 'Les chiffres clés' : (await page.locator('h1').first().innerText()).trim();
      const screenOnly = await page.$$eval('details:not([open]):not([data-imprime]) > summary, button, a[download], a', (els) => els
        .filter((e) => e.tagName !== 'A' || /\(CSV\)|Mon compte|Aller au contenu/.test(e.textContent ?? ''))
        .map((e) => (e as HTMLElement).innerText || e.textContent || ''));
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => {
        const shown = (e: Element) => (e as HTMLElement).offsetParent !== null || getComputedStyle(e).position === 'fixed';
        const right = document.documentElement.clientWidth;
        return {
          fiches: [...document.querySelectorAll('section.fiche')].filter(shown).map((f) => ({
            id: f.getAttribute('data-fiche') ?? '',
            definition: (f.querySelector('.meta dd') as HTMLElement | null)?.innerText ?? '',
            figure: ([...f.querySelectorAll('.figures > *')].filter(shown).map((e) => (e as HTMLElement).innerText.split('\n').find((l) => l.trim()) ?? '').find(Boolean)) ?? '',
          })),
          tables: [...document.querySelectorAll('table')].filter(shown).map((t) => ({
            caption: t.querySelector('caption')?.textContent?.trim() ?? '',
            headers: [...t.querySelectorAll('thead th')].map((th) => (th as HTMLElement).innerText),
          })),
          wide: [...document.querySelectorAll('table')].filter(shown)
            .filter((t) => t.getBoundingClientRect().right > right + 1 || t.parentElement!.scrollWidth > t.parentElement!.clientWidth + 1)
            .map((t) => `${t.querySelector('caption')?.textContent?.trim() ?? ''} (${Math.round(t.getBoundingClientRect().width)} px)`),
        };
      });
      pages.push({
        route, title, screenOnly: screenOnly.map(norm).filter(Boolean), wide: printed.wide,
        fiches: printed.fiches.map((f) => ({ id: f.id, definition: words(f.definition, 40), figure: words(f.figure, 6) })).filter((f) => f.definition && f.figure),
        tables: printed.tables.map((t) => ({ caption: norm(t.caption), headers: t.headers.map(norm) })),
      });
    }
    return pages;
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
}

describe('solidata pdf', () => {
  it('orders the pages as the menu, engagements first after the home page, technical pages last', () => {
    const routes = dashboardRoutes();
    expect(routes).toContain('/');
    expect(routes).toContain('/engagements');
    const menu = ['/', '/engagements/', '/delais/', '/acces-aux-droits/', '/donnees/'];
    expect(printOrder(['/', '/acces-aux-droits', '/delais', '/dictionnaire', '/donnees', '/engagements', '/nouvelle'], menu))
      .toEqual(['/', '/engagements', '/delais', '/acces-aux-droits', '/nouvelle', '/donnees', '/dictionnaire']);
  });

  /** The PDF of the shared dashboard, printed once for the tests below, and what its pages show. */
  let out = '';
  let printedPages = 0;
  let sheets = 0;
  let parts: Part[] = [];
  let shown: PrintedPage[] = [];
  let lines: string[][] = [];
  beforeAll(async () => {
    out = path.join(tempDir(), 'tableau.pdf');
    const dashboardDir = pathsFor(inject('dataDir')).dashboardDir;
    ({ pages: printedPages, sheets, parts } = await writeDashboardPdf(dashboardDir, out, { now: new Date('2031-05-04T10:00:00Z') }));
    lines = sheetLines(out);
    const menu = (await readPages(dashboardDir, ['/']))[0];
    shown = [menu, ...(await readPages(dashboardDir, dashboardRoutes().filter((r) => r !== '/')))];
  }, 600_000);

  /** The lines of the sheets where a page was printed (found by its title in the contents). */
  function linesOf(title: string): { first: number; sheets: string[][] } {
    const i = parts.findIndex((p) => p.title === title);
    expect(i, `« ${title} » absent du sommaire`).toBeGreaterThanOrEqual(0);
    const first = parts[i].page;
    const last = i + 1 < parts.length ? parts[i + 1].page - 1 : sheets;
    return { first, sheets: lines.slice(first - 1, last) };
  }

  it('prints a session document: cover, contents with right page numbers, every sheet numbered, on A4', async () => {
    const dashboardDir = pathsFor(inject('dataDir')).dashboardDir;
    const built = statSync(path.join(dashboardDir, 'index.html')).mtime.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
    expect(printedPages).toBe(dashboardRoutes().length);
    const doc = await PDFDocument.load(readFileSync(out));
    expect(doc.getPageCount()).toBe(sheets);
    const { width, height } = doc.getPage(0).getSize();
    // A4 in points (210 × 297 mm), to Chromium's rounding.
    expect(Math.abs(width - 595.3)).toBeLessThan(1);
    expect(Math.abs(height - 841.9)).toBeLessThan(1);

    const cover = sheetText(out, 1);
    expect(cover).toContain('DOCUMENT DE SÉANCE');
    expect(cover).toMatch(/Observatoire des solidarités — Loir-et-Cher/);
    expect(cover).toContain(`Chiffres publiés au ${built}`);
    expect(cover).toContain('Imprimé le 4 mai 2031');

    // The contents, read back: each title with the sheet where it starts, in the printed order.
    const contents = sheetText(out, 2);
    expect(contents).toContain('Sommaire');
    expect(parts[0]).toMatchObject({ title: 'Les chiffres clés', annex: false });
    expect(parts[1]).toMatchObject({ title: 'Les engagements du schéma', annex: false });
    expect(parts.filter((p) => p.annex).length).toBe(ANNEXES.length);
    expect(parts.findIndex((p) => p.annex)).toBe(parts.length - ANNEXES.length);
    for (const part of parts) {
      expect(contents).toMatch(new RegExp(`${part.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\.*\\s*${part.page}\\b`));
      // The number leads to the sheet that starts the part (its title), with its footer.
      const sheet = sheetText(out, part.page);
      if (part.page > 2) expect(sheet, part.title).toContain(part.title === 'Les chiffres clés' ? 'Observatoire des solidarités' : part.title);
      expect(sheet).toMatch(new RegExp(`page ${part.page} / ${sheets}$`));
    }
    expect(sheetText(out, sheets)).toMatch(new RegExp(`Chiffres publiés au ${built} page ${sheets} / ${sheets}$`));
  });

  it('never separates a figure from its definition: each definition on the sheet of its block’s first figure', () => {
    let checked = 0;
    const apart: string[] = [];
    for (const page of shown) {
      const { first, sheets: printed } = linesOf(page.title);
      for (const fiche of page.fiches) {
        const texts = printed.map((l) => l.join(' '));
        const at = texts.findIndex((t) => t.includes(fiche.definition));
        expect(at, `${page.route} ${fiche.id} : définition « ${fiche.definition} » introuvable dans le PDF`).toBeGreaterThanOrEqual(0);
        if (!texts[at].includes(fiche.figure)) apart.push(`${page.route} ${fiche.id} : définition feuille ${first + at}, « ${fiche.figure} » ailleurs`);
        checked++;
      }
    }
    expect(apart).toEqual([]);
    // Every theme page has its blocks: the check above read many.
    expect(checked).toBeGreaterThan(30);
  });

  it('prints every table whole: no column cut at the page’s edge', () => {
    // In the PDF, read back: every word of every column header is there (a cut column loses its header).
    let tables = 0;
    const missing: string[] = [];
    for (const page of shown) {
      const printedWords = new Set(linesOf(page.title).sheets.flat().join(' ').split(/[^\p{L}\p{N}]+/u));
      for (const table of page.tables) {
        for (const header of table.headers) {
          for (const word of header.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3)) {
            if (!printedWords.has(word)) missing.push(`${page.route} « ${table.caption} » : ${header}`);
          }
        }
        tables++;
      }
    }
    expect(missing).toEqual([]);
    expect(tables).toBeGreaterThan(20);
    // And in the page laid out at A4 width with the print styles, no table overflows nor scrolls.
    expect(shown.flatMap((p) => p.wide.map((w) => `${p.route} : ${w}`))).toEqual([]);
  });

  it('prints nothing that works only on a screen: no folded block’s title, button, download link, menu', () => {
    const printed: string[] = [];
    let candidates = 0;
    for (const page of shown) {
      const text = linesOf(page.title).sheets;
      const all = text.flat();
      const joined = all.join(' ');
      for (const item of [...page.screenOnly, 'Mon compte', 'Aller au contenu', 'Thèmes']) {
        // A folded block's title prints as a line of its own; a long one is looked for anywhere.
        if (all.includes(item) || (item.length > 30 && joined.includes(item))) printed.push(`${page.route} : « ${item} »`);
        candidates++;
      }
      if (/\(CSV\)|Télécharger/.test(joined)) printed.push(`${page.route} : un lien de téléchargement`);
    }
    expect(printed).toEqual([]);
    // The pages do have such elements on screen: the check above had something to find.
    expect(candidates).toBeGreaterThan(shown.length * 3 + 10);
  });

  it('refuses when no dashboard was built, in French', async () => {
    await expect(writeDashboardPdf(tempDir(), path.join(tempDir(), 'x.pdf'))).rejects.toThrow(/aucun tableau de bord construit/);
  });
});
