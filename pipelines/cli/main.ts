// The `solidata` command line: one file per command, dispatched from here.
import { log } from '../log.ts';
import { RefusedDelivery } from '../ingest/problems.ts';
import { UsageError } from './options.ts';
import * as help from './help.ts';

type Command = (argv: string[]) => Promise<number>;
// Each command module is loaded only when it runs: the help answers without DuckDB, Postgres or the server.
const commands: Record<string, { load: () => Promise<Command>; help: string }> = {
  run: { load: async () => (await import('./run.ts')).runCommand, help: help.runHelp },
  start: { load: async () => (await import('./start.ts')).startCommand, help: help.startHelp },
  import: { load: async () => (await import('./import.ts')).importCommand, help: help.importHelp },
  demo: { load: async () => (await import('./demo.ts')).demoCommand, help: help.demoHelp },
  status: { load: async () => (await import('./status.ts')).statusCommand, help: help.statusHelp },
  history: { load: async () => (await import('./history.ts')).historyCommand, help: help.historyHelp },
  lineage: { load: async () => (await import('./lineage.ts')).lineageCommand, help: help.lineageHelp },
  materialize: { load: async () => (await import('./materialize.ts')).materializeCommand, help: help.materializeHelp },
  worker: { load: async () => (await import('./worker.ts')).workerCommand, help: help.workerHelp },
  sql: { load: async () => (await import('./sql.ts')).sqlCommand, help: help.sqlHelp },
  freeze: { load: async () => (await import('./freeze.ts')).freezeCommand, help: help.freezeHelp },
  federation: { load: async () => (await import('./federation.ts')).federationCommand, help: help.federationHelp },
  opendata: { load: async () => (await import('./opendata.ts')).opendataCommand, help: help.opendataHelp },
  pdf: { load: async () => (await import('./pdf.ts')).pdfCommand, help: help.pdfHelp },
  accessibilite: { load: async () => (await import('./travel.ts')).travelCommand, help: help.travelHelp },
  user: { load: async () => (await import('./user.ts')).userCommand, help: help.userHelp },
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
  // `solidata status | head`: a reader that stops early is not an error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
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
    const run = await command.load();
    return await run(rest);
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
