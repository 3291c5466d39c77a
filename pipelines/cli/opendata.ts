// solidata opendata: the open data package (CSV, Parquet, datapackage.json) of the published
// database or of a frozen edition, ready to put on data.gouv.fr or to send to a federation.
import path from 'node:path';
import { z } from 'zod';
import { pathsFor } from '../config.ts';
import { log } from '../log.ts';
import { checkEdition, editionDatabase, EditionError, listEditions } from '../publish/editions.ts';
import { OpenDataError, writePackage } from '../opendata/package.ts';
import { parseOptions, UsageError } from './options.ts';
import { settingsFrom } from './command_settings.ts';

const schema = z.object({
  'data-dir': z.string().min(1),
  config: z.string().optional(),
  edition: z.string().min(1).optional(),
  sortie: z.string().min(1).optional(),
});

export async function opendataCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { edition: { type: 'string' }, sortie: { type: 'string' } }, schema);
  if (positionals.length > 0) throw new UsageError(`Argument inattendu : ${positionals[0]}.`);
  const paths = pathsFor(values['data-dir']);
  const { settings } = settingsFrom(values);
  try {
    let database = paths.published;
    if (values.edition) {
      const editions = listEditions(paths);
      const manifest = editions.find((m) => m.edition === values.edition);
      if (!manifest) throw new OpenDataError(`aucune édition gelée « ${values.edition} » dans ${paths.dataDir} (éditions : ${editions.map((m) => m.edition).join(', ') || 'aucune'}). Voir « solidata freeze --liste ».`);
      // A package says which figures it holds: an edition changed since its freeze is not exported.
      const { intact, actual } = await checkEdition(paths, manifest.edition);
      if (!intact) throw new OpenDataError(`l’édition « ${manifest.edition} » a été modifiée depuis son gel (empreinte ${actual}, attendue ${manifest.sha256}) : elle n’est pas exportée.`);
      database = editionDatabase(paths, manifest);
    }
    const output = path.resolve(values.sortie ?? path.join(paths.dataDir, 'opendata', values.edition ?? 'courante'));
    log.step(`Paquet de données ouvertes${values.edition ? ` de l’édition « ${values.edition} »` : ''} vers ${output}…`);
    const d = await writePackage({ database, output, edition: values.edition ?? null, secretThreshold: settings.secretThreshold });
    const bytes = d.resources.reduce((s, r) => s + r.bytes, 0);
    log.ok(`${d.resources.length / 2} tables (CSV et Parquet), ${(bytes / 1e6).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo, `
      + `département ${d.producteur.nom} (${d.producteur.code}), données du ${frDate(d.dates_donnees.min)} au ${frDate(d.dates_donnees.max)}.`);
    log.step(`Description : ${path.join(output, 'datapackage.json')} (licence ${d.licenses[0].title}).`);
    return 0;
  } catch (error) {
    if (error instanceof OpenDataError || error instanceof EditionError) {
      log.fail(`Impossible : ${error.message}`);
      return 1;
    }
    throw error;
  }
}

const frDate = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('fr-FR', { timeZone: 'UTC' });
