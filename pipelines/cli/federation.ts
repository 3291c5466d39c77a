// solidata federation: a regional instance compares départements from their open data packages.
// Each package folder of DIR/federation/boite/ becomes one job on the queue (checked, then accepted
// or refused whole); the comparisons are then published in DIR/federation.duckdb.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { log } from '../log.ts';
import { federationPaths } from '../federation/folders.ts';
import { federateThroughQueue } from '../runner/worker.ts';
import { parseOptions, UsageError } from './options.ts';
import { settingsFrom } from './command_settings.ts';
import { withRuntime } from './runtime.ts';
import { pathsFor } from '../config.ts';

const schema = z.object({
  'data-dir': z.string().min(1),
  config: z.string().optional(),
  boite: z.string().min(1).optional(),
  'file-seulement': z.boolean(),
});

export async function federationCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { boite: { type: 'string' }, 'file-seulement': { type: 'boolean', default: false } }, schema);
  if (positionals.length > 0) throw new UsageError(`Argument inattendu : ${positionals[0]}.`);
  const { settings } = settingsFrom(values);
  const fp = federationPaths(pathsFor(settings.dataDir));
  const inbox = path.resolve(values.boite ?? fp.inbox);
  mkdirSync(inbox, { recursive: true });
  const dirs = readdirSync(inbox, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => path.join(inbox, e.name)).sort();
  if (dirs.length === 0) log.step(`Aucun paquet dans ${inbox} : déposez-y un dossier par paquet (« solidata opendata » de chaque département).`);
  return withRuntime(settings, async (env) => {
    const started = Date.now();
    const { outcomes } = await federateThroughQueue(env, dirs, !values['file-seulement']);
    if (values['file-seulement']) {
      log.ok(`${dirs.length} paquet(s) mis en file : les « solidata worker » qui partagent cette base Postgres les traiteront.`);
      return 0;
    }
    const packages = outcomes.filter((o) => o.asset.startsWith('federation:'));
    const refused = packages.filter((o) => o.status !== 'success');
    for (const r of refused) log.fail(`${r.asset.slice('federation:'.length)} : ${r.error}\n  Le paquet est rangé dans ${fp.refused}, avec la raison dans REFUS.txt.`);
    // Published again after each package: the last publication holds them all.
    const published = outcomes.filter((o) => o.asset === 'federation' && o.status === 'success').at(-1);
    const seconds = ((Date.now() - started) / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
    if (published) log.ok(`Fédération publiée dans ${fp.published} : départements ${(published.partitions ?? []).join(', ')} (${packages.length - refused.length} paquet(s) accepté(s), ${refused.length} refusé(s), ${seconds} s).`);
    else if (dirs.length > 0 && refused.length < packages.length) log.fail('La publication de la fédération a échoué : voir « solidata history federation ».');
    if (!existsSync(fp.published) && dirs.length > 0 && refused.length === dirs.length) log.step('Aucun paquet accepté : rien de publié.');
    return refused.length > 0 || (dirs.length > 0 && refused.length < packages.length && !published) ? 1 : 0;
  });
}
