// solidata pdf: every page of the shared built dashboard, printed into one A4 PDF.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, inject, it } from 'vitest';
import { pathsFor } from '../../pipelines/config.ts';
import { dashboardRoutes, writeDashboardPdf } from '../../pipelines/dashboard/pdf.ts';
import { tempDir } from '../helpers/fixtures.ts';

describe('solidata pdf', () => {
  it('prints every page of the dashboard, on A4 sheets, into one file', async () => {
    const out = path.join(tempDir(), 'tableau.pdf');
    const routes = dashboardRoutes();
    expect(routes[0]).toBe('/');
    // The engagements the assembly voted come first after the cover.
    expect(routes[1]).toBe('/engagements');
    expect(routes.length).toBeGreaterThanOrEqual(2);
    const { pages, sheets } = await writeDashboardPdf(pathsFor(inject('dataDir')).dashboardDir, out);
    expect(pages).toBe(routes.length);
    const doc = await PDFDocument.load(readFileSync(out));
    expect(doc.getPageCount()).toBe(sheets);
    expect(sheets).toBeGreaterThanOrEqual(routes.length);
    const { width, height } = doc.getPage(0).getSize();
    // A4 in points (210 × 297 mm), to Chromium's rounding.
    expect(Math.abs(width - 595.3)).toBeLessThan(1);
    expect(Math.abs(height - 841.9)).toBeLessThan(1);
  }, 180_000);

  it('refuses when no dashboard was built, in French', async () => {
    await expect(writeDashboardPdf(tempDir(), path.join(tempDir(), 'x.pdf'))).rejects.toThrow(/aucun tableau de bord construit/);
  });
});
