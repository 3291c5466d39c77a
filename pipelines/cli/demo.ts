// solidata demo: writes a full set of demonstration deliveries for a real département into the
// inbox of the data directory (or into --sortie), deterministically from a seed.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { pathsFor } from '../config.ts';
import { InvalidContours } from '../reference/geo.ts';
import { UnknownDepartement } from '../demo/departement.ts';
import { DEFAULT_OPTIONS, generateDemo } from '../demo/generate.ts';
import { writeDemoEngagements } from '../demo/engagements.ts';
import { engagementsFile } from '../engagements/schema.ts';
import { log } from '../log.ts';
import { parseOptions, UsageError } from './options.ts';


const demoSchema = z.object({
  'data-dir': z.string().min(1),
  config: z.string().optional(),
  departement: z.string().regex(/^(?:\d{2}|2[AB]|97\d)$/, 'un code de département (ex. 41, 92, 38, 2A, 974)').optional(),
  scale: z.string().transform((s) => Number(s.replace(',', '.'))).pipe(z.number({ invalid_type_error: 'un nombre' }).positive('un nombre positif').max(20, 'au plus 20')).optional(),
  seed: z.string().regex(/^\d{1,9}$/, 'un nombre entier positif').transform(Number).optional(),
  fin: z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, 'un mois AAAA-MM').optional(),
  contours: z.string().min(1).optional(),
  sortie: z.string().min(1).optional(),
});
const demoOptions = {
  departement: { type: 'string' },
  scale: { type: 'string' },
  seed: { type: 'string' },
  fin: { type: 'string' },
  contours: { type: 'string' },
  sortie: { type: 'string' },
} as const;

export async function demoCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, demoOptions, demoSchema);
  if (positionals.length > 0) throw new UsageError(`Argument inattendu : ${positionals[0]}.`);
  const dir = path.resolve(values.sortie ?? pathsFor(values['data-dir']).inbox);
  const started = performance.now();
  let result;
  try {
    result = await generateDemo({
      dir, departement: values.departement, scale: values.scale, seed: values.seed, fin: values.fin,
      contours: values.contours ? path.resolve(values.contours) : undefined,
    }, (source) => log.debug(`démo : ${source}`));
  } catch (error) {
    if (error instanceof InvalidContours || error instanceof UnknownDepartement) throw new UsageError(error.message);
    throw error;
  }
  const fr = (n: number, digits = 0) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits });
  log.ok(`Démonstration écrite dans ${dir} en ${fr((performance.now() - started) / 1000, 1)} s : ${result.nom} (${result.departement}), ${fr(result.communes)} communes, ${fr(result.population)} habitants, ${result.territoires.length} territoires, ${result.sites} sites, de ${result.debut} à ${result.fin}, extraction du ${result.extraction.split('-').reverse().join('/')}.`);
  const sources = new Map<string, { files: number; rows: number; bytes: number }>();
  for (const w of result.written) {
    const s = sources.get(w.source) ?? { files: 0, rows: 0, bytes: 0 };
    s.files++;
    s.rows += w.file.endsWith('.yaml') ? 0 : w.rows;
    s.bytes += w.bytes;
    sources.set(w.source, s);
  }
  const width = Math.max(17, ...[...sources.keys()].map((k) => k.length));
  for (const [source, s] of sources) {
    const size = s.bytes < 1e6 ? `${fr(s.bytes / 1e3)} ko` : `${fr(s.bytes / 1e6, 1)} Mo`;
    console.log(`  ${source.padEnd(width)} ${fr(s.files).padStart(4)} fichier${s.files > 1 ? 's' : ' '} ${fr(s.rows).padStart(12)} lignes ${size.padStart(10)}`);
  }
  // Deliveries of an earlier generation (another scale, seed or end month) would be loaded with these.
  const written = new Set(result.written.map((w) => w.file));
  const stale = [...sources.keys()].flatMap((source) => readdirSync(path.join(dir, source)).filter((f) => !f.startsWith('.') && !written.has(path.join(dir, source, f))));
  if (stale.length > 0) log.warn(`${stale.length} autre(s) fichier(s) déjà présent(s) dans ${dir} (ex. ${stale[0]}) : ils seraient chargés avec cette démonstration ; retirez-les si ce n’est pas voulu.`);
  if (!values.sortie && writeDemoEngagements(pathsFor(values['data-dir']))) {
    log.ok(`Engagements du schéma de démonstration écrits dans ${engagementsFile(pathsFor(values['data-dir']))} (à modifier librement).`);
  }
  if (!values.sortie) log.ok(`Chargez-les avec « solidata run --data-dir ${values['data-dir']} » (ou laissez « solidata start » les prendre).`);
  return 0;
}
