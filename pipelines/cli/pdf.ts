// solidata pdf: one PDF of the whole dashboard, for the session file.
import path from 'node:path';
import { z } from 'zod';
import { pathsFor } from '../config.ts';
import { editionBuildDir, editionDashboard } from '../dashboard/edition.ts';
import { writeDashboardPdf, type PdfOptions } from '../dashboard/pdf.ts';
import { EditionError } from '../publish/editions.ts';
import { log } from '../log.ts';
import { parseOptions } from './options.ts';


const schema = z.object({ 'data-dir': z.string().min(1), config: z.string().optional(), sortie: z.string().min(1).optional(), edition: z.string().min(1).optional() });

export async function pdfCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { sortie: { type: 'string' }, edition: { type: 'string' } }, schema);
  const paths = pathsFor(values['data-dir']);
  const out = path.resolve(values.sortie ?? path.join(paths.dataDir, values.edition ? `tableau-de-bord-${values.edition}.pdf` : 'tableau-de-bord.pdf'));
  const started = Date.now();
  try {
    let dashboardDir = paths.dashboardDir;
    const options: PdfOptions = { progress: (route) => log.step(`Impression de ${route}`) };
    if (values.edition) {
      // A frozen edition is printed from a dashboard of its own, built from its published cells.
      const built = await editionDashboard(paths, values.edition, (step) => log.step(`Construction : ${step}`));
      dashboardDir = built.dashboardDir;
      options.edition = { label: built.manifest.edition, frozenOn: new Date(built.manifest.gelee_le) };
    }
    const { pages, sheets } = await writeDashboardPdf(dashboardDir, out, options);
    log.ok(`PDF écrit : ${out} (${pages} pages du tableau de bord, ${sheets} feuilles A4, ${((Date.now() - started) / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s)`);
    return 0;
  } catch (error) {
    log.fail(`Impossible d’écrire le PDF : ${(error as Error).message}`);
    if (!(error instanceof EditionError) && values.edition) log.step(`Journal de la construction : ${path.join(editionBuildDir(paths, values.edition), 'dashboard-build.log')}`);
    return 1;
  }
}
