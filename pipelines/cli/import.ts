// solidata import: validates and loads one delivery given on the command line. The file stays
// where its owner put it, whatever happens. The warehouse has one writer at a time: while
// another process holds it, the command waits and says what it waits for.
import path from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { pathsFor } from '../config.ts';
import { contracts } from '../contracts/index.ts';
import { PERIOD } from '../ingest/delivery.ts';
import { importFile } from '../ingest/import.ts';
import { installQuestionnaire, questionnairesDir } from '../ingest/inbox.ts';
import { pseudonymKey } from '../ingest/key.ts';
import { log } from '../log.ts';
import { openDatabase, type Database } from '../warehouse/duckdb.ts';
import { parseOptions, UsageError } from './options.ts';

export const importHelp = `solidata import <source> <fichier> [--producteur X] [--periode P] [--date-extraction D] [--data-dir DIR]
  Contrôle et charge une livraison (CSV ou XLSX) dans l’entrepôt, d’un bloc, ou la refuse entière
  avec un rapport en français (fichier, ligne, colonne, valeur trouvée, attendu, quoi faire).
  Sources : ${Object.keys(contracts).join(', ')} ; « questionnaire » enregistre la description
  d’un questionnaire de consultation. Le fichier reste où il est. Sans --producteur ni --periode,
  ils sont lus dans le nom <source>_<producteur>_<periode>.csv. Si l’entrepôt est occupé par un
  autre processus, la commande attend qu’il se libère.`;

const importSchema = z.object({
  'data-dir': z.string().min(1),
  config: z.string().optional(),
  producteur: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'lettres, chiffres et tirets').optional(),
  periode: z.string().regex(PERIOD, 'AAAA, AAAA-MM, AAAA-S1 ou AAAA-T1').optional(),
  'date-extraction': z.string().optional(),
  questionnaire: z.string().optional(),
});
const importOptions = {
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
  const db = await openWarehouse(paths.warehouse);
  try {
    const r = await importFile(db.connection, path.resolve(file), {
      source,
      producteur: values.producteur,
      periode: values.periode,
      dateExtraction: values['date-extraction'],
      questionnaire: values.questionnaire,
      pseudonymKey: pseudonymKey(paths),
      tmpDir: path.join(paths.dataDir, 'tmp'),
      questionnairesDir: questionnairesDir(paths),
    });
    if (r.inchange) log.ok(`${r.source}, ${r.producteur}, ${r.periode} : déjà chargé à l’identique (${r.lignes.toLocaleString('fr-FR')} lignes), rien n’a changé.`);
    else log.ok(`${r.source}, ${r.producteur}, ${r.periode} : ${r.lignes.toLocaleString('fr-FR')} lignes chargées${r.remplace ? ` (remplace la livraison précédente)` : ''}.`);
    for (const n of r.notes.filter((n) => !r.inchange || !n.startsWith('Ce fichier'))) log.warn(n);
    return 0;
  } finally {
    db.close();
  }
}

/** Opens the warehouse for writing, waiting while another process holds its lock. */
export async function openWarehouse(file: string, retryMs = 1000): Promise<Database> {
  let said = '';
  for (;;) {
    try {
      return await openDatabase(file);
    } catch (error) {
      const message = String((error as Error).message);
      if (!/lock/i.test(message)) throw error;
      const holder = /held in (.+?) \(PID (\d+)\)/i.exec(message);
      const who = holder ? `le processus ${holder[2]} (${path.basename(holder[1])})` : 'un autre processus';
      const text = `En attente de l’entrepôt, occupé par ${who}…`;
      if (text !== said) log.step(text);
      said = text;
      await sleep(retryMs);
    }
  }
}
