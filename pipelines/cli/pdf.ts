// solidata pdf: one PDF of the whole dashboard, for the session file.
import path from 'node:path';
import { z } from 'zod';
import { pathsFor } from '../config.ts';
import { writeDashboardPdf } from '../dashboard/pdf.ts';
import { log } from '../log.ts';
import { parseOptions } from './options.ts';


const schema = z.object({ 'data-dir': z.string().min(1), config: z.string().optional(), sortie: z.string().min(1).optional() });

export async function pdfCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { sortie: { type: 'string' } }, schema);
  const paths = pathsFor(values['data-dir']);
  const out = path.resolve(values.sortie ?? path.join(paths.dataDir, 'tableau-de-bord.pdf'));
  const started = Date.now();
  try {
    const { pages, sheets } = await writeDashboardPdf(paths.dashboardDir, out, { progress: (route) => log.step(`Impression de ${route}`) });
    log.ok(`PDF écrit : ${out} (${pages} pages du tableau de bord, ${sheets} feuilles A4, ${((Date.now() - started) / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s)`);
    return 0;
  } catch (error) {
    log.fail(`Impossible d’écrire le PDF : ${(error as Error).message}`);
    return 1;
  }
}
