// Where each place stands on an engagement: the publication SQL (sql/publish/engagements.sql) run
// in a real DuckDB on hand-made trajectories, every expected value worked out by hand below.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagementsAsset } from '../../pipelines/assets/engagements.ts';
import { pathsFor } from '../../pipelines/config.ts';
import { engagementsFile } from '../../pipelines/engagements/schema.ts';
import { openDatabase, queryRows, readSqlFile, type Database } from '../../pipelines/warehouse/duckdb.ts';
import { tempDir } from '../helpers/fixtures.ts';

const YAML = `engagements:
  # A: at least 80 by the end of 2026; first value 60 at 2024-12 (31/12/2024), latest 2025-12 (31/12/2025):
  # half the way in days (365 of 730), so the trajectory is 60 + (80 - 60) × 0,5 = 70.
  - id: a
    titre: Au moins 80 partout
    fiche: { numero: 1, titre: Fiche un }
    indicateur: x
    niveaux: [territoires]
    cible: 80
    sens: au_moins
    echeance: 2026-12
    service: Service A
  # B: at most 10 by June 2025, already past at 2025-12: 12 is late, whatever the line says.
  - id: b
    titre: Au plus 10 dans le département
    fiche: { numero: 2, titre: Fiche deux }
    indicateur: x
    niveaux: [departement]
    cible: 10
    sens: au_plus
    echeance: 2025-06
    service: Service B
  # C: from 20 at 2024-06 (30/06/2024) to at most 10 at 2026-06 (30/06/2026), 730 days; at 31/12/2025,
  # 549 days on: 20 - 10 × 549 / 730 = 12,479452; T1 is at 14, above the line: late.
  - id: c
    titre: Au plus 10 à T1
    fiche: { numero: 2, titre: Fiche deux }
    indicateur: x
    niveaux: [{ niveau: territoire, code: T1 }, { niveau: territoire, code: T9 }]
    cible: 10
    sens: au_plus
    echeance: 2026-06
    reference: { valeur: 20, periode: 2024-06 }
    service: Service C
  # D: followed by year: 50 in 2024, 58 in 2025, at least 60 in 2026: the line is at 55 in 2025.
  - id: d
    titre: Au moins 60 par an
    fiche: { numero: 3, titre: Fiche trois }
    indicateur: x
    niveaux: [departement]
    pas: annee
    cible: 60
    sens: au_moins
    echeance: 2026
    service: Service D
  # E: an indicator with no published cell at all.
  - id: e
    titre: Un indicateur pas encore publié
    fiche: { numero: 4, titre: Fiche quatre }
    indicateur: y
    cible: 1
    sens: au_moins
    echeance: 2030
    service: Service E
`;

// (niveau, code, periode, valeur, secret); '01' is a DREES comparison row, never the observed département.
const CELLS: [string, string, string, number | null, boolean][] = [
  ['territoire', 'T1', '2024-12', 60, false], ['territoire', 'T1', '2025-12', 70, false],
  ['territoire', 'T2', '2024-12', 60, false], ['territoire', 'T2', '2025-12', 75, false],
  ['territoire', 'T3', '2024-12', 60, false], ['territoire', 'T3', '2025-06', 90, false], ['territoire', 'T3', '2025-12', 65, false],
  ['territoire', 'T4', '2024-12', 60, false], ['territoire', 'T4', '2025-12', null, true],
  ['territoire', 'T5', '2024-12', null, true], ['territoire', 'T5', '2025-03', 62, false], ['territoire', 'T5', '2025-12', 85, false],
  ['territoire', 'T6', '2024-12', 60, false], ['territoire', 'T7', '2025-12', 50, false],
  ['departement', '41', '2024-12', 14, false], ['departement', '41', '2025-12', 12, false],
  ['departement', '41', '2024', 50, false], ['departement', '41', '2025', 58, false],
  ['departement', '01', '2020-10', 99, false],
];

let db: Database;
let rows: Record<string, unknown>[];

beforeAll(async () => {
  const dir = tempDir();
  const paths = pathsFor(dir);
  writeFileSync(engagementsFile(paths), YAML);
  db = await openDatabase(':memory:');
  const c = db.connection;
  await c.run(`CREATE SCHEMA pub; CREATE SCHEMA intermediate;
    CREATE TABLE intermediate.int_departement AS SELECT '41' AS code_departement;
    CREATE TABLE pub.indicateurs (indicateur VARCHAR, niveau VARCHAR, code VARCHAR, libelle VARCHAR, periode VARCHAR, dimension VARCHAR,
      modalite VARCHAR, valeur DOUBLE, secret BOOLEAN)`);
  for (const [niveau, code, periode, valeur, secret] of CELLS) {
    await c.run(`INSERT INTO pub.indicateurs VALUES ('x', $1, $2, 'Lieu ' || $2, $3, '', '', $4, $5)`, [niveau, code, periode, valeur, secret] as never);
  }
  // A breakdown of the same indicator is not the total the engagements follow.
  await c.run(`INSERT INTO pub.indicateurs VALUES ('x', 'territoire', 'T1', 'Lieu T1', '2025-12', 'motif', 'logement', 1, false)`);
  await engagementsAsset().materialise({ paths, settings: { dataDir: dir, secretThreshold: 11 } as never, runId: 'test', warehouse: async () => c });
  rows = await queryRows(c, readSqlFile('publish/engagements.sql'));
});
afterAll(() => db?.close());

const row = (engagement: string, code: string | null) => rows.find((r) => r.engagement === engagement && r.code === code)!;
const pick = (r: Record<string, unknown>) => ({ periode: r.periode, valeur: r.valeur, trajectoire: r.trajectoire, ecart: r.ecart_trajectoire, statut: r.statut, motif: r.motif });

describe('engagement status at the latest period', () => {
  it('puts a place exactly on the line, or ahead of it, on track; behind it, late', () => {
    expect(pick(row('a', 'T1'))).toEqual({ periode: '2025-12', valeur: 70, trajectoire: 70, ecart: 0, statut: 'en bonne voie', motif: null });
    expect(pick(row('a', 'T2'))).toEqual({ periode: '2025-12', valeur: 75, trajectoire: 70, ecart: 5, statut: 'en bonne voie', motif: null });
    // T3 was above the target in June: only the latest period counts.
    expect(pick(row('a', 'T3'))).toEqual({ periode: '2025-12', valeur: 65, trajectoire: 70, ecart: -5, statut: 'en retard', motif: null });
  });

  it('says reached when the target is met, and starts a line at the first unmasked value', () => {
    // T5's first value (2024-12) is masked: its line starts at 62 on 31/03/2025 (275 days to 31/12/2025, of 640 to 31/12/2026).
    const t5 = row('a', 'T5');
    expect(t5).toMatchObject({ statut: 'atteint', valeur: 85, reference_periode: '2025-03', reference_valeur: 62, motif: null });
    expect(t5.trajectoire).toBeCloseTo(62 + 18 * 275 / 640, 6);
  });

  it('never measures a masked or missing value, and says why; a line that starts at the latest value is a first measure', () => {
    expect(pick(row('a', 'T4'))).toMatchObject({ valeur: null, statut: 'non mesurable', motif: 'secret statistique' });
    expect(pick(row('a', 'T7'))).toEqual({ periode: '2025-12', valeur: 50, trajectoire: 50, ecart: 0, statut: 'en bonne voie', motif: 'première mesure : pas encore d’évolution' });
    expect(pick(row('a', 'T6'))).toMatchObject({ valeur: null, statut: 'non mesurable', motif: 'pas de donnée à la dernière période' });
    expect(pick(row('c', 'T9'))).toMatchObject({ valeur: null, statut: 'non mesurable', motif: 'pas de donnée à la dernière période' });
    expect(pick(row('e', null))).toMatchObject({ periode: null, statut: 'non mesurable', motif: 'indicateur non publié' });
  });

  it('is late once the deadline has passed, and follows the observed département only', () => {
    expect(rows.filter((r) => r.engagement === 'b').map((r) => r.code)).toEqual(['41']);
    expect(pick(row('b', '41'))).toMatchObject({ periode: '2025-12', valeur: 12, trajectoire: 10, statut: 'en retard', motif: 'échéance passée' });
  });

  it('takes the baseline of the file when given, and years when asked', () => {
    const c = row('c', 'T1');
    expect(c).toMatchObject({ reference_periode: '2024-06', reference_valeur: 20, statut: 'en retard' });
    expect(c.trajectoire).toBeCloseTo(20 - 10 * 549 / 730, 6);
    expect(pick(row('d', '41'))).toEqual({ periode: '2025', valeur: 58, trajectoire: 55, ecart: 3, statut: 'en bonne voie', motif: null });
  });

  it('lists engagements in the order of the file, the département before its territories', () => {
    expect([...new Set(rows.map((r) => r.engagement))]).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(rows.filter((r) => r.engagement === 'a').map((r) => r.code)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7']);
    expect(row('a', 'T1')).toMatchObject({ titre: 'Au moins 80 partout', fiche_numero: '1', fiche_titre: 'Fiche un', service: 'Service A', cible: 80, sens: 'au_moins', echeance: '2026-12' });
  });
});
