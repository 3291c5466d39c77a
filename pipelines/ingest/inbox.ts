// The inbox: one folder per source under DIR/inbox. A file dropped there is imported, then moved
// to DIR/traites/ or DIR/refuses/ with its report beside it, except a file refused for identifying
// data, which is deleted once its report is written. Files named <source>_… dropped at the root
// of the inbox are taken too.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Paths } from '../config.ts';
import { InvalidQuestionnaire, readQuestionnaire } from '../contracts/questionnaire.ts';
import { privateDir, privateFile } from '../private_files.ts';
import { parseDeliveryName } from './delivery.ts';
import { importFile, type ImportResult } from './import.ts';
import { pseudonymKey } from './key.ts';
import { RefusedDelivery } from './problems.ts';

export const inboxDir = (paths: Paths, source: string) => path.join(paths.inbox, source);
export const processedDir = (paths: Paths) => path.join(paths.dataDir, 'traites');
export const refusedDir = (paths: Paths) => path.join(paths.dataDir, 'refuses');
export const questionnairesDir = (paths: Paths) => path.join(paths.dataDir, 'questionnaires');
/** Files sent from the browser (server/uploads.ts), one folder per upload, moved to traites/ once loaded. */
export const uploadsDir = (paths: Paths) => path.join(paths.dataDir, 'televersements');

const DELIVERY = /\.(csv|txt|xlsx)$/i;
const DESCRIPTION = /\.(ya?ml|json)$/i;

export function inboxFiles(paths: Paths, source: string): string[] {
  const list = (dir: string, keep: (f: string) => boolean) =>
    existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('.') && keep(e.name)).map((e) => path.join(dir, e.name)) : [];
  const own = list(inboxDir(paths, source), (f) => DELIVERY.test(f) || (source === 'consultation' && DESCRIPTION.test(f)));
  const root = list(paths.inbox, (f) => DELIVERY.test(f) && parseDeliveryName(f).source === source);
  // Questionnaire descriptions first: the exports that follow need them.
  return [...own, ...root].sort((a, b) => Number(DELIVERY.test(a)) - Number(DELIVERY.test(b)) || a.localeCompare(b));
}

export function makeInboxFolders(paths: Paths, sources: string[]): void {
  for (const s of sources) mkdirSync(inboxDir(paths, s), { recursive: true });
}

export type InboxOutcome = { file: string; result?: ImportResult; questionnaire?: string; refused?: RefusedDelivery };

/** Validates a questionnaire description and keeps it in DIR/questionnaires under its id. */
export function installQuestionnaire(paths: Paths, file: string): string {
  const q = readQuestionnaire(file);
  mkdirSync(questionnairesDir(paths), { recursive: true });
  copyFileSync(file, path.join(questionnairesDir(paths), `${q.questionnaire}${path.extname(file).toLowerCase()}`));
  return q.questionnaire;
}

/** Imports one inbox file and moves it where it belongs. Never throws for a refused file. */
export async function processInboxFile(connection: DuckDBConnection, paths: Paths, source: string, file: string): Promise<InboxOutcome> {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  try {
    if (DESCRIPTION.test(file)) {
      const id = installQuestionnaire(paths, file);
      move(file, processedDir(paths), `${stamp}_${path.basename(file)}`);
      return { file, questionnaire: id };
    }
    const inFolder = path.dirname(file) === inboxDir(paths, source);
    const result = await importFile(connection, file, {
      ...(inFolder ? { source } : {}),
      pseudonymKey: pseudonymKey(paths),
      tmpDir: path.join(paths.dataDir, 'tmp'),
      questionnairesDir: questionnairesDir(paths),
    });
    move(file, processedDir(paths), `${result.unchanged ? `${stamp}_deja-charge_` : `${result.deliveryId}_`}${path.basename(file)}`);
    return { file, result };
  } catch (error) {
    const refused = error instanceof InvalidQuestionnaire
      ? new RefusedDelivery(file, [{ message: `description de questionnaire non valide : ${error.message}`, hint: 'Corrigez-la (voir docs/dictionnaire.md, « Le fichier de questionnaire ») et déposez-la à nouveau.' }])
      : error;
    if (!(refused instanceof RefusedDelivery)) throw error;
    privateDir(refusedDir(paths));
    const report = path.join(refusedDir(paths), `${path.basename(file)}.rapport.txt`);
    writeFileSync(report, `${refused.message}\n`, { mode: 0o600 });
    // A file holding identifiers is not kept anywhere, not even among refused files.
    if (refused.identifying) rmSync(file, { force: true });
    else move(file, refusedDir(paths), path.basename(file));
    return { file, refused };
  }
}

/** Moves a file into a private folder of the data directory, private itself (a partner's file may arrive world-readable). */
export function move(file: string, dir: string, name: string): string {
  privateDir(dir);
  const target = path.join(dir, name);
  renameSync(file, target);
  return privateFile(target);
}
