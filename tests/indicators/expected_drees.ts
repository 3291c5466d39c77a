// The DREES comparisons computed in plain TypeScript from the shipped CSV files and the COG: France
// is the sum over the rows present in the series, divided by the population of those rows only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../../pipelines/config.ts';
import { readSheetTable } from '../../pipelines/ingest/xlsx.ts';
import { cogCommunes } from '../../pipelines/reference/cog.ts';
import { key, type Cells } from './expected.ts';

const require = createRequire(import.meta.url);
const csv = (file: string) => readFileSync(path.join(projectRoot, 'reference/drees', file), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Population by row of each series: départements, then Corsica as one row and the Rhône split from the Métropole de Lyon for staff. */
export function dreesPopulations() {
  const communes = cogCommunes().filter((c) => c.type === 'commune-actuelle');
  const pop = new Map<string, number>();
  for (const c of communes) pop.set(c.departement!, (pop.get(c.departement!) ?? 0) + (c.population ?? 0));
  // Départements only: two characters, or the five overseas départements (not 975, 977, 978, 984, 986–989).
  const departements = [...pop.keys()].filter((c) => c.length === 2 || ['971', '972', '973', '974', '976'].includes(c)).sort();
  const epci = require('@etalab/decoupage-administratif/data/epci.json') as { code: string; membres: { code: string }[] }[];
  const lyonCodes = new Set(epci.find((e) => e.code === '200046977')!.membres.map((m) => m.code));
  const lyon = sum(communes.filter((c) => lyonCodes.has(c.code)).map((c) => c.population ?? 0));
  const prestations = new Map(departements.map((d) => [d, pop.get(d)!]));
  const personnel = new Map(departements.filter((d) => d !== '2A' && d !== '2B').map((d) => [d, d === '69' ? pop.get(d)! - lyon : pop.get(d)!]));
  personnel.set('20', pop.get('2A')! + pop.get('2B')!);
  personnel.set('69M', lyon);
  return { prestations, personnel, lyon, rhone: pop.get('69')! };
}

export function expectedDrees(): Record<string, Cells> {
  const { prestations, personnel } = dreesPopulations();
  const names: Record<string, string> = { RSA: 'RSA', PRIME_ACTIVITE: 'PPA', AAH: 'AAH' };
  const monthly = csv('drees_prestations_mensuelles_dep.csv');
  const lastMonth = monthly.map((f) => f[3]).sort().at(-1)!;
  const alloc: Cells = new Map();
  for (const [p, modalite] of Object.entries(names)) {
    const rows = monthly.filter((f) => f[0] === p && f[3] === lastMonth && f[5] !== '' && prestations.has(f[1]));
    for (const f of rows) {
      const a = Number(f[5]);
      const den = prestations.get(f[1])!;
      alloc.set(key('departement', f[1], lastMonth, 'prestation', modalite), { valeur: (1000 * a) / den, numerateur: a, denominateur: den, effectif: a });
    }
    const a = sum(rows.map((f) => Number(f[5])));
    const den = sum(rows.map((f) => prestations.get(f[1])!));
    alloc.set(key('france', 'FR', lastMonth, 'prestation', modalite), { valeur: (1000 * a) / den, numerateur: a, denominateur: den, effectif: a });
  }
  const rsa: Cells = new Map([...alloc].filter(([k]) => k.endsWith('|prestation|RSA')).map(([k, v]) => [k.split('|').slice(0, 3).concat(['', '']).join('|'), v]));

  const staff = csv('drees_personnel_action_sociale_dep.csv').filter((f) => f[0] === 'etp');
  const year = staff.map((f) => f[4]).sort().at(-1)!;
  const rows = staff.filter((f) => f[1] === 'total general hors AF' && f[4] === year && f[5] !== '' && personnel.has(f[2]));
  const etp: Cells = new Map(rows.map((f) => [key('departement', f[2], year), { valeur: (10_000 * Number(f[5])) / personnel.get(f[2])!, numerateur: Number(f[5]), denominateur: personnel.get(f[2])!, effectif: null }]));
  const total = sum(rows.map((f) => Number(f[5])));
  const den = sum(rows.map((f) => personnel.get(f[2])!));
  etp.set(key('france', 'FR', year), { valeur: (10_000 * total) / den, numerateur: total, denominateur: den, effectif: null });
  return { allocataires_pour_1000_hab_drees: alloc, foyers_rsa_pour_1000_hab_drees: rsa, etp_pour_10000_hab_drees: etp };
}

/**
 * The comparisons from the DREES workbook of departmental social aid, read here cell by cell with
 * the columns, the year (2020, the file's and the sheets' titles') and the lines found by hand in
 * the workbook: Corsica is line 20, the Rhône without the Métropole de Lyon is 69D, the whole
 * Rhône (69) is the sum of 69D and 69M and counts once; Mayotte is not in the survey.
 */
export async function expectedDreesAideSociale(): Promise<Record<string, Cells>> {
  const { personnel } = dreesPopulations();
  const file = path.join(projectRoot, 'reference/drees/beneficiaires_aide_sociale_departementale_2020.xlsx');
  const column = async (sheet: string, index: number) => {
    const t = await readSheetTable(file, { sheet, missing: ['ND'] });
    return new Map(t.rows.map((r) => [String(r.cells[1]), r.cells[index]]).filter(([code, v]) => code !== '69' && typeof v === 'number')
      .map(([code, v]) => [code === '69D' ? '69' : code as string, v as number]).filter(([code]) => personnel.has(code as string)) as [string, number][]);
  };
  const year = '2020';
  const cells = (values: Map<string, number>, modalite = '', into: Cells = new Map()) => {
    const dimension = modalite ? 'lieu' : '';
    for (const [code, v] of values) into.set(key('departement', code, year, dimension, modalite), { valeur: (1000 * v) / personnel.get(code)!, numerateur: v, denominateur: personnel.get(code)!, effectif: null });
    const total = sum([...values.values()]);
    const den = sum([...values.keys()].map((c) => personnel.get(c)!));
    into.set(key('france', 'FR', year, dimension, modalite), { valeur: (1000 * total) / den, numerateur: total, denominateur: den, effectif: null });
    return into;
  };
  const apa = await column('Tab1-pa', 3);
  const domicile = await column('Tab2-pa', 3);
  const apaCells = cells(apa);
  cells(domicile, 'domicile', apaCells);
  cells(new Map([...apa].map(([c, v]) => [c, v - domicile.get(c)!])), 'etablissement', apaCells);
  return {
    apa_beneficiaires_pour_1000_hab_drees: apaCells,
    pch_beneficiaires_pour_1000_hab_drees: cells(await column('Tab2-ph', 4)),
    ase_enfants_confies_pour_1000_hab_drees: cells(await column('Tab3-ase', 10)),
  };
}
