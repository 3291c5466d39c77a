// Kaplan–Meier quantiles: the reference implementation (km.ts) and the warehouse's model
// (sql/intermediate/int_kaplan_meier.sql, run as is on a hand-made int_durees) against cases worked by hand.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipelines/config.ts';
import { queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { quantileKM, survie, type Duree } from './km.ts';

const ev = (...jours: number[]): Duree[] => jours.map((j) => ({ jours: j, evenement: true }));
const ce = (...jours: number[]): Duree[] => jours.map((j) => ({ jours: j, evenement: false }));

interface Case { name: string; durees: Duree[]; mediane: number | null; p90: number | null }
const cases: Case[] = [
  // No censoring: S falls by 1/4 at each time; S(20) = 0.5 exactly → median 20 (not 25 as an
  // interpolated median would say); S(40) = 0 → p90 40.
  { name: 'sans censure', durees: ev(10, 20, 30, 40), mediane: 20, p90: 40 },
  // The hand-made département's December 2024 (dataset.ts): S(5) = 7/8, S(10) = 4/8, S(15) = 3/8,
  // S(20) = 2/8, then two censored at 80: median 10, p90 not reached.
  { name: 'décembre 2024 du jeu de test', durees: [...ev(5, 10, 10, 10, 15, 20), ...ce(80, 80)], mediane: 10, p90: null },
  // A censored time equal to an event time is still at risk there: n(10) = 4, S(10) = 3/4; then
  // n(20) = 2 (the one censored at 10 is gone), S(20) = 3/4 × 1/2 = 3/8 → median 20; n(30) = 1, S(30) = 0.
  { name: 'censure au même temps qu’un événement', durees: [...ev(10, 20, 30), ...ce(10)], mediane: 20, p90: 30 },
  // Censoring early lifts the later steps: n(2) = 5, S(2) = 4/5; censored at 3; n(6) = 3, S(6) = 4/5 × 2/3
  // = 8/15 ≈ 0.533 > 0.5; n(9) = 2, S(9) = 8/15 × 1/2 = 4/15 ≈ 0.267 → median 9; last one censored at 12: no p90.
  { name: 'censures intercalées', durees: [...ev(2, 6, 9), ...ce(3, 12)], mediane: 9, p90: null },
  // Everyone still waiting: no event at all, nothing reached.
  { name: 'toutes en attente', durees: ce(4, 8, 15), mediane: null, p90: null },
  // Ten requests, nine seen at day 0 to 8 and one at 30: S(8) = 0.1 exactly → p90 8 (S ≤ 0.1 reached).
  { name: 'centile 90 à la limite', durees: ev(0, 1, 2, 3, 4, 5, 6, 7, 8, 30), mediane: 4, p90: 8 },
];

describe('Kaplan–Meier reference (tests/indicators/km.ts)', () => {
  for (const c of cases) {
    it(`${c.name}: median ${c.mediane ?? 'non atteinte'}, p90 ${c.p90 ?? 'non atteint'}`, () => {
      expect(quantileKM(c.durees, 0.5)).toBe(c.mediane);
      expect(quantileKM(c.durees, 0.9)).toBe(c.p90);
    });
  }
  it('gives the survival steps worked by hand', () => {
    const s = survie([...ev(2, 6, 9), ...ce(3, 12)]);
    expect(s.map((x) => x.t)).toEqual([2, 6, 9]);
    expect(s.map((x) => x.s)).toEqual([4 / 5, 8 / 15, 4 / 15].map((v) => expect.closeTo(v, 12)));
  });
});

describe('int_kaplan_meier.sql on the same cases', () => {
  let instance: DuckDBInstance;
  let rows: { code: string; effectif: bigint; evenements: bigint; mediane: bigint | null; p90: bigint | null }[] = [];
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    await db.run(`CREATE SCHEMA intermediate; CREATE TABLE intermediate.int_durees (serie VARCHAR, annee VARCHAR, niveau VARCHAR, code VARCHAR, libelle VARCHAR,
      periode VARCHAR, dimension VARCHAR, modalite VARCHAR, duree_jours BIGINT, evenements HUGEINT, censures HUGEINT)`);
    for (const c of cases) {
      const byDay = new Map<number, [number, number]>();
      for (const d of c.durees) {
        const [e, k] = byDay.get(d.jours) ?? [0, 0];
        byDay.set(d.jours, d.evenement ? [e + 1, k] : [e, k + 1]);
      }
      for (const [jours, [e, k]] of byDay) {
        await db.run(`INSERT INTO intermediate.int_durees VALUES ('s', '2025', 'departement', '${c.name.replaceAll("'", "''")}', 'x', '2025', '', '', ${jours}, ${e}, ${k})`);
      }
    }
    const sql = readFileSync(path.join(projectRoot, 'sql/intermediate/int_kaplan_meier.sql'), 'utf8');
    rows = await queryRows(db, sql) as typeof rows;
    db.closeSync();
  });
  afterAll(() => instance?.closeSync());

  for (const c of cases) {
    it(`${c.name}`, () => {
      const r = rows.find((x) => x.code === c.name)!;
      expect(r).toBeDefined();
      expect(r.mediane === null ? null : Number(r.mediane)).toBe(c.mediane);
      expect(r.p90 === null ? null : Number(r.p90)).toBe(c.p90);
      expect(Number(r.effectif)).toBe(c.durees.length);
      expect(Number(r.evenements)).toBe(c.durees.filter((d) => d.evenement).length);
    });
  }
});
