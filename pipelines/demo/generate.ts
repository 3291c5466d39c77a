// The demo generator: a full set of deliveries for a real département, every source of the
// exchange formats, written as partners write them. Deterministic: the same options and seed
// give the same bytes. `solidata demo` calls it; so can a test or a benchmark.
import { prepareDemo, type Demo, type DemoOptions } from './context.ts';
import { writeApaDemandes } from './deliveries/apa_demandes.ts';
import { writeAseInformationsPreoccupantes } from './deliveries/ase_informations_preoccupantes.ts';
import { writeAseMesures } from './deliveries/ase_mesures.ts';
import { writeCafAllocataires } from './deliveries/caf_allocataires.ts';
import { writeCcasAides } from './deliveries/ccas_aides.ts';
import { writeConsultation } from './deliveries/consultation.ts';
import { writeEffectifs } from './deliveries/effectifs.ts';
import { writeFslAides } from './deliveries/fsl_aides.ts';
import { writeMdphDemandes } from './deliveries/mdph_demandes.ts';
import { writeRsaParcours } from './deliveries/rsa_parcours.ts';
import { writeSites } from './deliveries/sites.ts';
import { writeSlsDemandes } from './deliveries/sls_demandes.ts';
import { writeTerritoires } from './deliveries/territoires.ts';
import { Output, type Written } from './output.ts';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeDemoFeed } from '../travel/demo_feed.ts';
import { DEFAULT_OPTIONS } from './defaults.ts';

export type { DemoOptions } from './context.ts';

export { DEFAULT_OPTIONS };

// Reference files first, then the questionnaire before its export: the order an inbox wants.
const WRITERS: [string, (demo: Demo) => Promise<void>][] = [
  ['sites', writeSites],
  ['territoires', writeTerritoires],
  ['consultation', writeConsultation],
  ['effectifs', writeEffectifs],
  ['caf_allocataires', writeCafAllocataires],
  ['ccas_aides', writeCcasAides],
  ['rsa_parcours', writeRsaParcours],
  ['sls_demandes', writeSlsDemandes],
  ['apa_demandes', writeApaDemandes],
  ['mdph_demandes', writeMdphDemandes],
  ['ase_informations_preoccupantes', writeAseInformationsPreoccupantes],
  ['ase_mesures', writeAseMesures],
  ['fsl_aides', writeFslAides],
  ['gtfs', writeTransitFeed],
];

/** A public-transport feed (GTFS) for the travel times, in DIR/gtfs/ beside the deliveries. */
async function writeTransitFeed(demo: Demo): Promise<void> {
  const dir = path.join(demo.out.dir, 'gtfs');
  rmSync(dir, { recursive: true, force: true });
  const feed = writeDemoFeed(dir, { communes: demo.dep.communes, sites: demo.sites, seed: demo.options.seed });
  for (const file of feed.files) {
    demo.out.written.push({ source: 'gtfs', producteur: 'transport-demo', periode: '', file, rows: 0, bytes: statSync(file).size });
  }
}

export interface DemoResult {
  departement: string;
  nom: string;
  communes: number;
  population: number;
  territoires: string[];
  sites: number;
  /** First and last month covered, extraction date (AAAA-MM-JJ). */
  debut: string;
  fin: string;
  extraction: string;
  written: Written[];
  /** Milliseconds spent on each source. */
  timings: Record<string, number>;
}

export async function generateDemo(options: Partial<DemoOptions> & { dir: string }, progress?: (source: string) => void): Promise<DemoResult> {
  const { dir, ...rest } = options;
  const out = new Output(dir);
  const demo = prepareDemo({ ...DEFAULT_OPTIONS, ...stripUndefined(rest) }, out);
  const timings: Record<string, number> = {};
  for (const [source, write] of WRITERS) {
    progress?.(source);
    const started = performance.now();
    await write(demo);
    timings[source] = performance.now() - started;
  }
  const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
  return {
    departement: demo.dep.code, nom: demo.dep.nom, communes: demo.dep.communes.length, population: demo.dep.population,
    territoires: demo.dep.territoires.map((t) => t.nom), sites: demo.sites.length,
    debut: demo.months[0].id, fin: demo.months[demo.months.length - 1].id, extraction: iso(demo.extraction),
    written: out.written, timings,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
