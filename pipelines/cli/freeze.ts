// solidata freeze <label>: an immutable copy of the published database (e.g. the figures of a
// vote), with the checksums of the deliveries behind it; --liste and --verifier to read them back.
import { z } from 'zod';
import { pathsFor } from '../config.ts';
import { log } from '../log.ts';
import { checkEdition, EditionError, freezeEdition, listEditions } from '../publish/editions.ts';
import { parseOptions, UsageError } from './options.ts';
import { formatOption, formatSchema, frDateTime, printList } from './output.ts';
import { freezeHelp } from './help.ts';


const schema = z.object({
  'data-dir': z.string().min(1),
  config: z.string().optional(),
  format: formatSchema,
  liste: z.boolean(),
  verifier: z.boolean(),
});

export async function freezeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { ...formatOption, liste: { type: 'boolean', default: false }, verifier: { type: 'boolean', default: false } }, schema);
  const paths = pathsFor(values['data-dir']);
  try {
    if (values.liste) {
      printList(listEditions(paths), [
        { title: 'édition', value: (e) => e.edition },
        { title: 'gelée le', value: (e) => frDateTime(e.gelee_le) },
        { title: 'livraisons', value: (e) => String(e.livraisons.length) },
        { title: 'empreinte SHA-256', value: (e) => e.sha256 },
      ], values.format);
      return 0;
    }
    const [label, ...extra] = positionals;
    if (!label || extra.length > 0) throw new UsageError(`Donnez un seul nom d’édition.\n\n${freezeHelp}`);
    if (values.verifier) {
      const { manifest, actual, intact } = await checkEdition(paths, label);
      if (intact) log.ok(`Édition « ${label} » intacte : empreinte ${actual} (gelée le ${frDateTime(manifest.gelee_le)}, ${manifest.livraisons.length} livraisons).`);
      else log.fail(`Édition « ${label} » modifiée depuis son gel : empreinte ${actual}, attendue ${manifest.sha256}.`);
      return intact ? 0 : 1;
    }
    const m = await freezeEdition(paths, label);
    log.ok(`Édition « ${label} » gelée : ${m.livraisons.length} livraisons, empreinte ${m.sha256}.`);
    log.step(`Elle apparaîtra dans le tableau de bord à la prochaine publication (solidata run).`);
    return 0;
  } catch (error) {
    if (error instanceof EditionError) {
      log.fail(`Impossible : ${error.message}`);
      return 1;
    }
    throw error;
  }
}
