// The real France Services sites of a département, from the ANCT list shipped in
// reference/france_services/ (without its mail and telephone columns), in the `sites` format.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.ts';
import { HOURS } from '../contracts/columns.ts';
import { splitRecord } from '../ingest/read.ts';
import { dayOf } from './calendar.ts';

export const franceServicesFile = path.join(projectRoot, 'reference', 'france_services', 'france_services_20240801.csv');

export interface FranceServices {
  id: string;
  nom: string;
  code_commune: string;
  lat: number;
  lon: number;
  gestionnaire: 'commune' | 'etat' | 'association';
  jours?: string;
  horaires?: string;
  ouverture?: number;
}

const DAYS = [['lun', 'h_lundi'], ['mar', 'h_mardi'], ['mer', 'h_mercredi'], ['jeu', 'h_jeudi'], ['ven', 'h_vendredi'], ['sam', 'h_samedi']] as const;

/** The sites of one département; `current` maps any COG code to today's commune. */
export function franceServicesOf(departement: string, current: Map<string, string>): FranceServices[] {
  const [header, ...rows] = parseCsv(readFileSync(franceServicesFile, 'utf8'));
  const at = (name: string) => header.indexOf(name);
  const get = (row: string[], name: string) => (row[at(name)] ?? '').trim();
  return rows
    .filter((r) => get(r, 'insee_dep') === departement && current.has(get(r, 'insee_com')))
    .map((r) => {
      const nom = get(r, 'lib_fs').replace(/\s+/g, ' ');
      const schedules = DAYS.map(([day, column]) => [day, hours(get(r, column))] as const).filter(([, h]) => h !== undefined);
      const labelled = /(\d{2})\/(\d{2})\/(\d{4})/.exec(get(r, 'labellisation_fs'));
      return {
        id: `FS-${get(r, 'id_fs')}`,
        nom,
        code_commune: current.get(get(r, 'insee_com'))!,
        lat: Number(get(r, 'latitude')),
        lon: Number(get(r, 'longitude')),
        gestionnaire: /la poste/i.test(nom) ? 'etat' : /pimm|association|mission locale|centre social|msa/i.test(nom) ? 'association' : 'commune',
        jours: schedules.length > 0 ? schedules.map(([d]) => d).join(',') : undefined,
        horaires: mostCommon(schedules.map(([, h]) => h!)),
        ouverture: labelled ? dayOf(Number(labelled[3]), Number(labelled[2]), Number(labelled[1])) : undefined,
      } satisfies FranceServices;
    })
    .filter((s) => Number.isFinite(s.lat) && Number.isFinite(s.lon));
}

/** « 09:00 - 12:00 / 13:30 - 17:00 » → « 09:00-12:00/13:30-17:00 »; anything else is dropped. */
export function hours(text: string): string | undefined {
  const ranges = text.split('/').map((r) => /^\s*(\d{1,2})[:h](\d{2})\s*-\s*(\d{1,2})[:h](\d{2})\s*$/.exec(r));
  if (text.trim() === '' || ranges.some((m) => !m)) return undefined;
  const t = (h: string, m: string) => `${h.padStart(2, '0')}:${m}`;
  const joined = ranges.map((m) => `${t(m![1], m![2])}-${t(m![3], m![4])}`).join('/');
  return HOURS.test(joined) ? joined : undefined;
}

// The `sites` format has one schedule per row: the one of most days (ties: the latest closing).
function mostCommon(schedules: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const s of schedules) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || b[0].slice(-5).localeCompare(a[0].slice(-5)) || b[0].localeCompare(a[0]))[0]?.[0];
}

/** Every record of a CSV text (quoted fields may hold line breaks), with the ingestion's own splitter. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  for (let rest = text; rest !== '';) {
    const record = splitRecord(rest, delimiter);
    if (record.cells.length > 1 || record.cells[0] !== '') rows.push(record.cells);
    // A lone carriage return is not consumed by the splitter: step over it.
    rest = record.rest === rest ? rest.slice(1) : record.rest;
  }
  return rows;
}
