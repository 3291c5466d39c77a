// The `solidata` command line: one file per command, dispatched from here.
import { log } from '../log.ts';
import { RefusedDelivery } from '../ingest/problems.ts';
import { UsageError } from './options.ts';
import { runCommand, runHelp } from './run.ts';
import { startCommand, startHelp } from './start.ts';
import { statusCommand, statusHelp } from './status.ts';
import { historyCommand, historyHelp } from './history.ts';
import { lineageCommand, lineageHelp } from './lineage.ts';
import { materializeCommand, materializeHelp } from './materialize.ts';
import { workerCommand, workerHelp } from './worker.ts';
import { importCommand, importHelp } from './import.ts';
import { demoCommand, demoHelp } from './demo.ts';
import { sqlCommand, sqlHelp } from './sql.ts';
import { freezeCommand, freezeHelp } from './freeze.ts';
import { pdfCommand, pdfHelp } from './pdf.ts';
import { travelCommand, travelHelp } from './travel.ts';
import { userCommand, userHelp } from './user.ts';

const commands: Record<string, { run: (argv: string[]) => Promise<number>; help: string }> = {
  run: { run: runCommand, help: runHelp },
  start: { run: startCommand, help: startHelp },
  import: { run: importCommand, help: importHelp },
  demo: { run: demoCommand, help: demoHelp },
  status: { run: statusCommand, help: statusHelp },
  history: { run: historyCommand, help: historyHelp },
  lineage: { run: lineageCommand, help: lineageHelp },
  materialize: { run: materializeCommand, help: materializeHelp },
  worker: { run: workerCommand, help: workerHelp },
  sql: { run: sqlCommand, help: sqlHelp },
  freeze: { run: freezeCommand, help: freezeHelp },
  pdf: { run: pdfCommand, help: pdfHelp },
  accessibilite: { run: travelCommand, help: travelHelp },
  user: { run: userCommand, help: userHelp },
};

export const usage = `Solidata — observatoire du schéma unique des solidarités.
Charge les extractions anonymisées des partenaires dans DuckDB, calcule les indicateurs,
les publie sous secret statistique et construit le tableau de bord.

Usage : solidata <commande> [options]

${Object.values(commands).map((c) => c.help).join('\n\n')}

Options communes :
  --data-dir DIR   dossier des données (défaut : ./data) : boîte de dépôt, entrepôt, base publiée,
                   tableau de bord et, sans DATABASE_URL, la base Postgres embarquée
  --config FICHIER réglages (défaut : solidata.config.yaml du projet)
  -h, --help       cette aide

Variables d’environnement :
  DATABASE_URL            un Postgres ≥ 12 à utiliser au lieu du Postgres embarqué
  SOLIDATA_PSEUDONYM_KEY  clé secrète de re-hachage des pseudonymes (sinon DIR/pseudonym.key)
  SOLIDATA_DEBUG=1        journaux détaillés`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Commande inconnue : ${name}.\n\n${usage}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${command.help}`);
      return 2;
    }
    if (error instanceof RefusedDelivery) log.fail(error.message);
    else log.fail((error as Error).message ?? String(error));
    log.debug(String((error as Error).stack));
    return 1;
  }
}
