// The DREES workbook of departmental social aid (reference/drees/beneficiaires_aide_sociale_
// departementale_2020.xlsx), read as published: title rows, headers merged over two rows, notes
// under the tables, ND for a missing value. Kept: the APA, the PCH and the children entrusted to
// the ASE, per département and the DREES's own estimated total for France, with the year the
// sheet's title gives and the sheet's notes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.ts';
import { readSheetTable } from '../ingest/xlsx.ts';
import { queryRows } from '../warehouse/duckdb.ts';
import type { Asset } from './asset.ts';

export const DREES_AIDE_SOCIALE = path.join(projectRoot, 'reference', 'drees', 'beneficiaires_aide_sociale_departementale_2020.xlsx');

/** Which column of which sheet is which measure. */
const MEASURES = [
  { sheet: 'Tab1-pa', header: /^APA\b/, mesure: 'apa' },
  { sheet: 'Tab2-pa', header: /^APA à domicile/, mesure: 'apa_domicile' },
  { sheet: 'Tab2-ph', header: /^PCH$/, mesure: 'pch' },
  { sheet: 'Tab3-ase', header: /^Total enfants confiés/, mesure: 'enfants_confies' },
];
// The workbook's codes for the rows that are not one département: Corsica is one row (20), the
// Rhône without the Métropole de Lyon is 69D (stored as 69, as the staff series has it) beside the
// whole Rhône (69, left out: it is 69D + 69M); the national total is « TOTAL estimé France entière ».
const CODES: Record<string, string> = { '69D': '69' };
const LEFT_OUT = new Set(['69']);
// Links of the workbook's own navigation, not notes.
const NAVIGATION = /\s*Retour (au sommaire|en haut de la page)\s*/g;
const FRANCE = /^TOTAL estimé France entière/;

export interface DreesRow { mesure: string; code: string; libelle: string; annee: number; valeur: number | null; notes: string }

export async function readDreesAideSociale(file = DREES_AIDE_SOCIALE): Promise<DreesRow[]> {
  const out: DreesRow[] = [];
  for (const m of MEASURES) {
    const t = await readSheetTable(file, { sheet: m.sheet, missing: ['ND'] });
    const column = t.header.findIndex((h) => m.header.test(h));
    if (column === -1) throw new Error(`DREES : colonne ${m.header.source} introuvable dans la feuille ${m.sheet} (en-tête : ${t.header.join(', ')})`);
    // « Tableau 1 - Aides sociales aux personnes âgées, en décembre 2020 »: the year is the title's.
    const year = /\b(20\d\d)\b/.exec(t.above?.[0] ?? '')?.[1];
    if (!year) throw new Error(`DREES : pas d’année dans le titre de la feuille ${m.sheet} (« ${t.above?.[0] ?? ''} »)`);
    const notes = (t.above ?? []).slice(1).join(' ').replace(NAVIGATION, ' ').trim();
    for (const r of t.rows) {
      const code = String(r.cells[1] ?? '');
      const value = typeof r.cells[column] === 'number' ? (r.cells[column] as number) : null;
      if (FRANCE.test(code)) out.push({ mesure: m.mesure, code: 'FR', libelle: code, annee: Number(year), valeur: value, notes });
      else if (/^(\d{2,3}|2[AB]|69[DM])$/.test(code) && !LEFT_OUT.has(code)) out.push({ mesure: m.mesure, code: CODES[code] ?? code, libelle: String(r.cells[2] ?? ''), annee: Number(year), valeur: value, notes });
    }
  }
  return out;
}

export function dreesAideSocialeAsset(): Asset {
  return {
    name: 'ref.drees_aide_sociale',
    description: 'Bénéficiaires de l’aide sociale départementale (DREES, classeur publié) : APA, APA à domicile, PCH, enfants confiés à l’ASE, par département (Corse en une ligne « 20 », Rhône sans la Métropole de Lyon « 69 », Métropole de Lyon « 69M ») et total estimé France entière (« FR »), avec l’année du titre de la feuille et ses notes.',
    upstream: [],
    columns: {
      mesure: 'apa (payés en décembre), apa_domicile, pch (droits ouverts au 31 décembre) ou enfants_confies (au 31 décembre).',
      code: 'Numéro du département (20 : Corse ; 69 : Rhône hors Métropole de Lyon ; 69M : Métropole de Lyon), ou FR pour le total estimé France entière hors Mayotte.',
      libelle: 'Nom de la ligne dans le classeur.', annee: 'Année du titre de la feuille.', valeur: 'Nombre de bénéficiaires ; vide pour ND.',
      notes: 'Source, champ et notes écrits au-dessus du tableau.',
    },
    codeHash: createHash('sha256').update(readFileSync(new URL(import.meta.url))).update(readFileSync(DREES_AIDE_SOCIALE)).digest('hex').slice(0, 16),
    checks: [{ name: 'une année par mesure', sql: 'SELECT mesure FROM ref.drees_aide_sociale GROUP BY mesure HAVING count(DISTINCT annee) > 1 LIMIT 5', message: 'une mesure de la DREES porte sur plusieurs années' }],
    async materialise(ctx) {
      const db = await ctx.warehouse();
      const rows = await readDreesAideSociale();
      await db.run('CREATE SCHEMA IF NOT EXISTS ref');
      await db.run('CREATE OR REPLACE TABLE ref.drees_aide_sociale (mesure VARCHAR, code VARCHAR, libelle VARCHAR, annee INTEGER, valeur BIGINT, notes VARCHAR)');
      const appender = await db.createAppender('drees_aide_sociale', 'ref');
      for (const r of rows) {
        appender.appendVarchar(r.mesure);
        appender.appendVarchar(r.code);
        appender.appendVarchar(r.libelle);
        appender.appendInteger(r.annee);
        if (r.valeur === null) appender.appendNull();
        else appender.appendBigInt(BigInt(Math.round(r.valeur)));
        appender.appendVarchar(r.notes);
        appender.endRow();
      }
      appender.closeSync();
      const [{ n }] = await queryRows<{ n: number }>(db, 'SELECT count(*) AS n FROM ref.drees_aide_sociale');
      return { rows: Number(n) };
    },
  };
}
