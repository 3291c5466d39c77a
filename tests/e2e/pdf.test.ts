// solidata pdf: every page of the shared built dashboard, printed into one A4 PDF for the session
// file, read back with poppler's pdftotext: cover, contents whose numbers lead to the right sheets,
// the engagements first after the key figures, the technical pages as annexes, every sheet numbered.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { pathsFor } from '../../pipelines/config.ts';
import { ANNEXES, dashboardRoutes, printOrder, writeDashboardPdf } from '../../pipelines/dashboard/pdf.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { SHARED_BUILD_WAIT, sharedDashboard } from '../helpers/shared-dashboard.ts';

// The shared run builds in the background while the files that do not need it run.
beforeAll(() => sharedDashboard(), SHARED_BUILD_WAIT);

/** The text of one sheet (1-based), spaces normalised. */
function sheetText(file: string, sheet: number): string {
  const result = spawnSync('pdftotext', ['-f', String(sheet), '-l', String(sheet), '-layout', file, '-'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pdftotext : ${result.stderr}`);
  return result.stdout.replace(/[\u00a0\u202f\s]+/g, ' ').trim();
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

  it('prints a session document: cover, contents with right page numbers, every sheet numbered, on A4', async () => {
    const out = path.join(tempDir(), 'tableau.pdf');
    const dashboardDir = pathsFor(inject('dataDir')).dashboardDir;
    const { pages, sheets, parts } = await writeDashboardPdf(dashboardDir, out, { now: new Date('2031-05-04T10:00:00Z') });
    const built = statSync(path.join(dashboardDir, 'index.html')).mtime.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
    expect(pages).toBe(dashboardRoutes().length);
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
  }, 300_000);

  it('refuses when no dashboard was built, in French', async () => {
    await expect(writeDashboardPdf(tempDir(), path.join(tempDir(), 'x.pdf'))).rejects.toThrow(/aucun tableau de bord construit/);
  });
});
