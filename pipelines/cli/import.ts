// solidata import: validates and loads one delivery given on the command line. The file stays
// where its owner put it, whatever happens. The load is a job of the warehouse queue, its
// single writer: while another job holds it, the command waits and says so.
import path from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { z } from 'zod';
import { pathsFor } from '../config.ts';
import { contracts } from '../contracts/index.ts';
import { PERIOD } from '../ingest/delivery.ts';
import type { ImportResult } from '../ingest/import.ts';
import { installQuestionnaire, questionnairesDir } from '../ingest/inbox.ts';
import { log } from '../log.ts';
import { importThroughQueue } from '../runner/worker.ts';
import { parseOptions, UsageError } from './options.ts';
import { settingsFrom } from './command_settings.ts';
import { withRuntime } from './runtime.ts';


const importSchema = z.object({
  'data-dir': z.string().min(1),
  config: z.string().optional(),
  producteur: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'lettres, chiffres et tirets').optional(),
  periode: z.string().regex(PERIOD, 'AAAA, AAAA-MM, AAAA-S1 ou AAAA-T1').optional(),
  'date-extraction': z.string().optional(),
  questionnaire: z.string().optional(),
  'colonnes-inconnues': z.enum(['refuser', 'ignorer'], { message: 'attendu : refuser ou ignorer' }).default('refuser'),
});
const importOptions = {
  'colonnes-inconnues': { type: 'string', default: 'refuser' },
  producteur: { type: 'string' },
  periode: { type: 'string' },
  'date-extraction': { type: 'string' },
  questionnaire: { type: 'string' },
} as const;

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, importOptions, importSchema);
  const [source, file] = positionals;
  if (!source || !file || positionals.length > 2) throw new UsageError('Il faut une source et un fichier, par exemple : solidata import sls_demandes demandes.csv');
  if (source !== 'questionnaire' && !contracts[source]) throw new UsageError(`Source inconnue : ${source}. Sources : ${Object.keys(contracts).join(', ')}, questionnaire.`);
  if (!existsSync(file)) throw new UsageError(`Fichier introuvable : ${file}`);
  const paths = pathsFor(values['data-dir']);
  mkdirSync(paths.dataDir, { recursive: true });
  if (source === 'questionnaire') {
    log.ok(`Questionnaire « ${installQuestionnaire(paths, file)} » enregistré dans ${questionnairesDir(paths)}.`);
    return 0;
  }
  const { settings } = settingsFrom(values);
  const outcome = await withRuntime(settings, (env) =>
    importThroughQueue(env, {
      source,
      file: path.resolve(file),
      producteur: values.producteur,
      periode: values.periode,
      dateExtraction: values['date-extraction'],
      questionnaire: values.questionnaire,
      extraColumns: values['colonnes-inconnues'] === 'ignorer' ? 'ignore' : 'refuse',
    }),
  );
  if (outcome.status !== 'success') {
    console.error(outcome.error);
    return 1;
  }
  {
    const r = (outcome.deliveries as ImportResult[])[0];
    if (r.unchanged) log.ok(`${r.source}, ${r.producer}, ${r.period} : déjà chargé à l’identique (${r.rows.toLocaleString('fr-FR')} lignes), rien n’a changé.`);
    else log.ok(`${r.source}, ${r.producer}, ${r.period} : ${r.rows.toLocaleString('fr-FR')} lignes chargées${r.replaced ? ` (remplace la livraison précédente)` : ''}.`);
    for (const n of r.notes.filter((n) => !r.unchanged || !n.startsWith('Ce fichier'))) log.warn(n);
    return 0;
  }
}

