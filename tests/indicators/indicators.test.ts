// Every indicator, computed by the pipeline (real DuckDB, real runner on an embedded Postgres)
// from a small hand-made département, against the same figures computed in plain TypeScript.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import { indicatorBases, loadIndicators } from '../../pipelines/assets/indicators.ts';
import { withRuntime } from '../../pipelines/cli/runtime.ts';
import { pathsFor, projectRoot, type Settings } from '../../pipelines/config.ts';
import { cogDepartements } from '../../pipelines/reference/cog.ts';
import { runStaleOnce } from '../../pipelines/runner/worker.ts';
import { freezeEdition } from '../../pipelines/publish/editions.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { makeDataset, writeDataset } from './dataset.ts';
import { expectedIndicators, key, type Cells } from './expected.ts';
import { dreesPopulations, expectedDrees, expectedDreesAideSociale } from './expected_drees.ts';

interface Row { date_donnees?: string | null; date_donnees_estimee?: boolean | null; indicateur: string; niveau: string; code: string; libelle: string; periode: string; dimension: string; modalite: string; valeur: number | null; numerateur: number | null; denominateur: number | null; effectif: number | null; secret?: boolean }

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

async function read(file: string, sql: string): Promise<Row[]> {
  const db = await openDatabase(file, { readOnly: true });
  try {
    return (await queryRows<Row>(db.connection, sql)).map((r) => ({ ...r, valeur: num(r.valeur), numerateur: num(r.numerateur), denominateur: num(r.denominateur), effectif: num(r.effectif) }));
  } finally {
    db.close();
  }
}

const dataset = makeDataset();
// Only one of the dataset's jobs carries a caseload here, not the default three of them (cesf is one).
const settings: Settings = { dataDir: tempDir(), secretThreshold: 11, caseloadJobs: ['assistant_social'] };
const paths = pathsFor(settings.dataDir);
let computed: Row[] = [];
let published: Row[] = [];
let expected: Record<string, Cells> = {};
let catalogue: { indicateur: string; fenetre_jours: number | null }[] = [];

async function queryPublished<T>(sql: string): Promise<T[]> {
  const db = await openDatabase(paths.published, { readOnly: true });
  try {
    return await queryRows<T>(db.connection, sql);
  } finally {
    db.close();
  }
}

describe('indicators on a hand-made département', () => {
  beforeAll(async () => {
    writeDataset(paths.inbox, dataset);
    const graph = loadGraph();
    const results = await withRuntime(settings, (env) => runStaleOnce(env, { only: [...graph.upstream('publication'), 'publication'] }));
    const failed = results.filter((r) => r.status !== 'success');
    expect(failed, JSON.stringify(failed, null, 1)).toEqual([]);
    computed = await read(paths.warehouse, `SELECT * REPLACE (strftime(date_donnees, '%Y-%m-%d') AS date_donnees) FROM marts.indicateurs`);
    published = await read(paths.published, `SELECT * REPLACE (strftime(date_donnees, '%Y-%m-%d') AS date_donnees) FROM indicateurs`);
    catalogue = await queryPublished<{ indicateur: string; fenetre_jours: number | null }>('SELECT indicateur, fenetre_jours FROM catalogue');
    const livraisons = await read(paths.warehouse, `SELECT source, producteur, strftime(date_extraction, '%Y-%m-%d') AS d
      FROM meta.livraisons WHERE active AND source IN ('sls_demandes', 'sites', 'rsa_parcours', 'ccas_aides')`) as unknown as { source: string; producteur: string; d: string }[];
    const sls = Object.fromEntries(livraisons.filter((l) => l.source === 'sls_demandes').map((l) => [l.producteur, l.d]));
    // With no extraction date given, the date of the data is the latest date in the file: each
    // producer of requests has its own, worked by hand in dataset.ts.
    for (const producteur of ['test', 'test-sud']) {
      expect(sls[producteur]).toBe(dataset.demandes.filter((r) => r.producteur === producteur).flatMap((r) => [r.demande, r.rdv]).filter(Boolean).sort().at(-1));
    }
    expect(sls).toEqual({ test: '2025-03-10', 'test-sud': '2025-02-24' });
    const sites = livraisons.find((l) => l.source === 'sites')!.d;
    expect(sites).toBe('2025-02-20');
    const rsa = livraisons.find((l) => l.source === 'rsa_parcours')!.d;
    expect(rsa).toBe(dataset.rsa.flatMap((r) => [r.versement, r.orientation, r.rdv ?? '', r.contrat ?? '']).filter(Boolean).sort().at(-1));
    expect(rsa).toBe('2025-06-30');
    const ccas = livraisons.find((l) => l.source === 'ccas_aides')!.d;
    expect(ccas).toBe(dataset.aides.flatMap((a) => [a.demande, a.decision]).filter(Boolean).sort().at(-1));
    expected = { ...expectedIndicators(dataset, { sls, sites, rsa, ccas, caseloadJobs: settings.caseloadJobs! }), ...expectedDrees(), ...(await expectedDreesAideSociale()) };
  }, 600_000); // the whole pipeline in this worker: minutes on a busy two-core machine

  for (const { entry } of loadIndicators()) {
    it(`${entry.id}: every cell equals its independent computation`, (context) => {
      const cells = expected[entry.id];
      // A new indicator brings its expected cells in its own header (header-examples.test.ts); an
      // independent computation here is welcome but not required: reported, not failed.
      if (!cells) {
        console.warn(`${entry.id} : pas de calcul indépendant dans tests/indicators/expected.ts (ses cases attendues sont dans son en-tête).`);
        context.skip(`pas de calcul indépendant de ${entry.id} dans tests/indicators/expected.ts`);
        return;
      }
      const rows = computed.filter((r) => r.indicateur === entry.id);
      // Two empty sets agree: every indicator but the one that needs a timetable must have cells.
      if (entry.id !== 'part_population_proche_transport_commun') expect(rows.length, `${entry.id} has no cell`).toBeGreaterThan(0);
      expect(rows.map((r) => key(r.niveau, r.code, r.periode, r.dimension, r.modalite)).sort()).toEqual([...cells.keys()].sort());
      for (const r of rows) {
        const e = cells.get(key(r.niveau, r.code, r.periode, r.dimension, r.modalite))!;
        const where = `${entry.id} ${r.niveau} ${r.code} ${r.periode} ${r.dimension} ${r.modalite}`;
        if (e.valeur === null) expect(r.valeur, where).toBeNull();
        else expect(r.valeur, where).toBeCloseTo(e.valeur, 9);
        expect(r.effectif, where).toBe(e.effectif);
        if (e.numerateur !== undefined) expect(r.numerateur, where).toBeCloseTo(e.numerateur ?? NaN, 9);
        if (e.denominateur !== undefined) expect(r.denominateur, where).toBeCloseTo(e.denominateur ?? NaN, 9);
      }
    });
  }

  it('writes no warehouse table the asset graph does not declare (marts.catalogue was written unseen)', async () => {
    const graph = loadGraph();
    const declared = new Set([...graph.assets.values()].flatMap((a) => [a.name, ...(a.provides ?? [])]));
    const db = await openDatabase(paths.warehouse, { readOnly: true });
    try {
      const tables = (await queryRows<{ t: string }>(db.connection, `SELECT schema_name || '.' || table_name AS t FROM duckdb_tables() WHERE database_name = current_database()
        UNION ALL SELECT schema_name || '.' || view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database()`)).map((r) => r.t);
      expect(tables).toEqual(expect.arrayContaining(['marts.catalogue', 'marts.indicateurs', 'intermediate.int_indicateurs', 'ref.fiches_indicateurs']));
      // meta (deliveries, checks) is the warehouse's bookkeeping; secret is the publication's record of masked cells.
      expect(tables.filter((t) => !/^(meta|secret)\./.test(t) && !declared.has(t))).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('judges pending requests at their own producer\'s date, closed and passed-on ones apart (worked by hand in dataset.ts)', () => {
    const cell = (indicateur: string, niveau: string, code: string, periode: string) =>
      computed.find((r) => r.indicateur === indicateur && r.niveau === niveau && r.code === code && r.periode === periode && r.dimension === '');
    // No cell is dated by the older producer's date: pending cells are dated by the latest one.
    expect(computed.filter((r) => r.indicateur.startsWith('demandes_en_attente')).map((r) => r.periode).filter((p, i, a) => a.indexOf(p) === i)).toEqual(['2025-03-10']);
    const romo = dataset.demandes.filter((r) => r.site === 'S-ROMO' && r.issue === 'en_cours' && !r.rdv);
    expect(romo.some((r) => r.id === 'H20')).toBe(true);
    expect(cell('demandes_en_attente', 'site', 'S-ROMO', '2025-03-10')?.valeur).toBe(romo.length);
    // Every request of S-ROMO aged to 2025-02-24, H20 at 14 days.
    const ages = romo.map((r) => Math.round((Date.parse('2025-02-24') - Date.parse(r.demande)) / 86_400_000)).sort((a, b) => a - b);
    expect(ages).toContain(14);
    expect(Math.max(...ages)).toBeLessThanOrEqual(54);
  });

  it('gives Kaplan–Meier waiting times with pending requests censored (December 2024 worked by hand in dataset.ts)', () => {
    for (const [niveau, code] of [['site', 'S-VENDOME'], ['territoire', 'Nord'], ['departement', '41']]) {
      for (const periode of ['2024-12', '2024']) {
        const at = (indicateur: string) => computed.find((r) => r.indicateur === indicateur && r.niveau === niveau && r.code === code && r.periode === periode && r.dimension === '');
        expect(at('delai_premier_rdv_median'), `${niveau} ${code} ${periode}`).toMatchObject({ valeur: 10, effectif: 8 });
        // S stays at 0.25 after the last event: the 90th percentile is not reached, the cell has no value.
        expect(at('delai_premier_rdv_p90'), `${niveau} ${code} ${periode}`).toMatchObject({ valeur: null, effectif: 8 });
      }
    }
  });

  it('counts only complete cohorts in shares judged on a window (worked by hand in dataset.ts)', () => {
    const windows = Object.fromEntries(loadIndicators().filter((i) => i.entry.fenetre_jours).map((i) => [i.entry.id, i.entry.fenetre_jours]));
    // A new indicator may judge on a window of its own: the existing ones keep theirs.
    expect(windows).toMatchObject({ part_rdv_sous_15j: 15, rsa_part_referent_unique: 120, rsa_part_orientes_2_mois: 60, rsa_part_rdv_30j: 30, rsa_part_contrat: 120 });
    const at = (indicateur: string, code: string, periode: string) => computed.find((r) => r.indicateur === indicateur && r.code === code && r.periode === periode && r.dimension === '');
    for (const code of ['Nord', '41']) {
      for (const periode of ['2024-10', '2024']) {
        expect(at('rsa_delai_orientation_median', code, periode)).toMatchObject({ valeur: 40, effectif: 4 });
        expect(at('rsa_part_orientes_2_mois', code, periode)).toMatchObject({ valeur: 50, numerateur: 2, denominateur: 4 });
        expect(at('rsa_part_referent_unique', code, periode)).toMatchObject({ valeur: 75, numerateur: 3, denominateur: 4 });
        expect(at('rsa_delai_premier_rdv_median', code, periode)).toMatchObject({ valeur: 50, effectif: 4 });
        expect(at('rsa_part_rdv_30j', code, periode)).toMatchObject({ valeur: 25, numerateur: 1, denominateur: 4 });
        expect(at('rsa_part_contrat', code, periode)).toMatchObject({ valeur: 50, numerateur: 2, denominateur: 4 });
      }
    }
    expect(at('rsa_part_orientes_2_mois', 'Nord', '2025-04')).toMatchObject({ valeur: 0, numerateur: 0, denominateur: 1 });
    expect(at('rsa_part_referent_unique', 'Nord', '2025-04')).toBeUndefined();
    expect(at('rsa_delai_orientation_median', 'Nord', '2025-05')).toMatchObject({ valeur: null, effectif: 1 });
    // The catalogue publishes the window beside the definition.
    expect(catalogue.find((c) => c.indicateur === 'part_rdv_sous_15j')?.fenetre_jours).toBe(15);
  });

  it('keeps the DREES series apart from the local ones, France over the rows present, Corsica and the Métropole de Lyon explicit', () => {
    // No local indicator has a France row or another département; no DREES one has a local level.
    const dreesIds = new Set(computed.filter((r) => r.niveau === 'france').map((r) => r.indicateur));
    expect([...dreesIds].sort()).toEqual(['allocataires_pour_1000_hab_drees', 'apa_beneficiaires_pour_1000_hab_drees', 'ase_enfants_confies_pour_1000_hab_drees',
      'etp_pour_10000_hab_drees', 'foyers_rsa_pour_1000_hab_drees', 'pch_beneficiaires_pour_1000_hab_drees']);
    expect(computed.filter((r) => !dreesIds.has(r.indicateur) && r.niveau === 'departement' && r.code !== '41')).toEqual([]);
    expect(computed.filter((r) => dreesIds.has(r.indicateur) && !['departement', 'france'].includes(r.niveau))).toEqual([]);
    for (const { entry } of loadIndicators()) expect(entry.sources.includes('drees'), entry.id).toBe(dreesIds.has(entry.id));

    const { personnel, lyon, rhone } = dreesPopulations();
    const etp = (code: string) => computed.find((r) => r.indicateur === 'etp_pour_10000_hab_drees' && r.code === code)!;
    // Corsica is one staff row (20) over both départements; the Rhône's row is over the Rhône without the Métropole de Lyon.
    expect(etp('20')).toMatchObject({ libelle: 'Corse', denominateur: personnel.get('20') });
    expect(etp('2A')).toBeUndefined();
    expect(lyon).toBeGreaterThan(1_000_000);
    expect(etp('69')).toMatchObject({ libelle: 'Rhône (hors Métropole de Lyon)', denominateur: rhone - lyon });
    // The rows missing from the staff series (the Métropole de Lyon has none) are named in the France
    // row, in the order of their codes, and left out of its denominator.
    const france = etp('FR');
    const staffRows = readFileSync(path.join(projectRoot, 'reference/drees/drees_personnel_action_sociale_dep.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))
      .filter((f) => f[0] === 'etp' && f[1] === 'total general hors AF' && f[4] === france.periode && f[5] !== '').map((f) => f[2]);
    const names = new Map<string, string>([...cogDepartements().map((d) => [d.code, d.nom] as [string, string]), ['69M', 'Métropole de Lyon']]);
    const missingStaff = [...personnel.keys()].filter((c) => !staffRows.includes(c)).sort();
    expect(missingStaff).toContain('69M');
    expect(france.libelle).toBe(`France (hors ${missingStaff.map((c) => names.get(c)).join(', ')})`);
    expect(france.denominateur).toBe([...personnel].filter(([c]) => c !== '69M' && etp(c)).reduce((a, [, p]) => a + p, 0));
    // The benefits' last month covers every département (so no « hors ») and is provisional.
    const rsaFrance = computed.find((r) => r.indicateur === 'foyers_rsa_pour_1000_hab_drees' && r.niveau === 'france')!;
    const month = rsaFrance.periode;
    const monthly = readFileSync(path.join(projectRoot, 'reference/drees/drees_prestations_mensuelles_dep.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const present = new Set(monthly.filter((f) => f[0] === 'RSA' && f[3] === month && f[5] !== '').map((f) => f[1]));
    const { prestations } = dreesPopulations();
    const missing = [...prestations.keys()].filter((c) => !present.has(c));
    expect(missing).toEqual([]);
    expect(monthly.some((f) => f[3] === month && f[4] === 'provisoire')).toBe(true);
    expect(rsaFrance.libelle).toBe('France (provisoire)');
    expect(computed.find((r) => r.indicateur === 'foyers_rsa_pour_1000_hab_drees' && r.code === '41')!.libelle).toBe('Loir-et-Cher (provisoire)');
    // The workbook of departmental social aid: its own year, Mayotte (not surveyed) named in the France row,
    // Corsica one line, the Rhône without the Métropole de Lyon, Loir-et-Cher's published figures.
    for (const id of ['apa_beneficiaires_pour_1000_hab_drees', 'pch_beneficiaires_pour_1000_hab_drees', 'ase_enfants_confies_pour_1000_hab_drees']) {
      const rows = computed.filter((r) => r.indicateur === id && r.dimension === '');
      expect(rows.find((r) => r.niveau === 'france'), id).toMatchObject({ code: 'FR', libelle: 'France (hors Mayotte)', periode: '2020' });
      expect(rows.find((r) => r.code === '20'), id).toMatchObject({ libelle: 'Corse', denominateur: personnel.get('20') });
      expect(rows.find((r) => r.code === '69'), id).toMatchObject({ libelle: 'Rhône (hors Métropole de Lyon)', denominateur: rhone - lyon });
      expect(rows.some((r) => ['2A', '2B', '976'].includes(r.code)), id).toBe(false);
      expect(rows.length, id).toBe(101);
    }
    const loirEtCher = (id: string) => computed.find((r) => r.indicateur === id && r.code === '41' && r.dimension === '')!.numerateur;
    expect([loirEtCher('apa_beneficiaires_pour_1000_hab_drees'), loirEtCher('pch_beneficiaires_pour_1000_hab_drees'), loirEtCher('ase_enfants_confies_pour_1000_hab_drees')]).toEqual([10031, 2231, 990]);
  });

  it('warns of child-protection measures delivered for a territory the territories file does not know (« Ailleurs » in dataset.ts)', async () => {
    const rows = await queryPublished<{ controle: string; gravite: string; reussi: boolean; message: string }>(
      `SELECT controle, gravite, reussi, message FROM controles WHERE actif = 'indicators.ase_mesures_pour_1000_hab' AND NOT reussi`);
    expect(rows).toEqual([expect.objectContaining({ controle: 'territoires des mesures de protection de l’enfance', gravite: 'avertissement', reussi: false })]);
    expect(rows[0].message).toContain('absent du référentiel des territoires');
  });

  it('dates every published cell: the extraction date of its main source, else the end of its period, marked as estimated', () => {
    expect(published.filter((r) => !r.date_donnees)).toEqual([]);
    expect(published.filter((r) => typeof r.date_donnees_estimee !== 'boolean')).toEqual([]);
    const endOf = (periode: string) => (periode.length === 4 ? `${periode}-12-31`
      : periode.length === 7 ? new Date(Date.UTC(Number(periode.slice(0, 4)), Number(periode.slice(5, 7)), 0)).toISOString().slice(0, 10) : periode);
    for (const r of computed) {
      const where = `${r.indicateur} ${r.niveau} ${r.code} ${r.periode}`;
      // Requests: the latest of their producers' dates (the latest date in each file).
      if (r.indicateur.startsWith('demandes_') || r.indicateur.startsWith('delai_premier_rdv') || r.indicateur === 'part_rdv_sous_15j') {
        expect([r.date_donnees, r.date_donnees_estimee], where).toEqual(['2025-03-10', false]);
      }
      // Staffing files hold months only: no extraction date, so the end of the month, estimated, and
      // not the sites file's date (2025-02-20) as before.
      // The CAF's too, and the DREES series (no delivery at all).
      if (['etp_pour_10000_hab', 'file_active_par_etp', 'taux_vacance', 'foyers_rsa_pour_1000_hab', 'allocataires_pour_1000_hab'].includes(r.indicateur) || r.indicateur.endsWith('_drees')) {
        expect([r.date_donnees, r.date_donnees_estimee], where).toEqual([endOf(r.periode), true]);
      }
      if (r.indicateur.startsWith('rsa_')) expect([r.date_donnees, r.date_donnees_estimee], where).toEqual(['2025-06-30', false]);
    }
  });

  it('counts each respondent of a questionnaire once across re-exports, apart from another questionnaire numbered alike (worked by hand in dataset.ts)', () => {
    const at = (indicateur: string, dimension: string, modalite: string) =>
      computed.find((r) => r.indicateur === indicateur && r.niveau === 'departement' && r.code === '41' && r.periode === '2025' && r.dimension === dimension && r.modalite === modalite);
    expect(at('repondants_consultation', '', '')?.valeur).toBe(76);
    const q1 = (a: string) => dataset.repondants.filter((r) => r.questionnaire === 'test-2025' && !(r.export === 'consultation_test_2025.csv' && Number(r.id.slice(1)) <= 10) && r.q1 === a).length;
    expect(at('reponses_consultation', 'Q1', 'Oui')?.valeur).toBe(q1('Oui'));
    expect(at('reponses_consultation', 'Q5', 'Souvent')?.valeur).toBe(4);
  });

  it('counts the service points open in the evening or on Saturday (worked by hand in dataset.ts)', () => {
    const at = (code: string, dimension: string, modalite: string) => computed.find((r) => r.indicateur === 'part_lieux_ouverts_soir_samedi' && r.code === code && r.dimension === dimension && r.modalite === modalite);
    expect(at('Nord', '', '')).toMatchObject({ valeur: 50, numerateur: 1, denominateur: 2 });
    expect(at('Nord', 'critere', 'soir')).toMatchObject({ numerateur: 0, denominateur: 2 });
    expect(at('Sud', '', '')).toMatchObject({ valeur: 100, numerateur: 1, denominateur: 1 });
    expect(at('41', 'critere', 'samedi')).toMatchObject({ numerateur: 1, denominateur: 3 });
    expect(computed.find((r) => r.indicateur === 'communes_sans_aide_alimentaire' && r.code === '41')).toMatchObject({ valeur: 6, denominateur: 6 });
    const vendome = dataset.communes.find((c) => c.code === '41269')!.population;
    expect(computed.find((r) => r.indicateur === 'population_proche_soir_samedi' && r.code === 'Nord')).toMatchObject({ numerateur: vendome });
    expect(computed.find((r) => r.indicateur === 'population_proche_soir_samedi' && r.code === 'Sud')).toMatchObject({ valeur: 0 });
  });

  it('publishes every cell, masking those behind fewer than 11 people and no others but secondary ones', () => {
    expect(published.length).toBe(computed.length);
    const byKey = new Map(computed.map((r) => [key(r.indicateur, r.niveau, r.code, r.periode, r.dimension + '|' + r.modalite), r]));
    let primary = 0;
    let secondary = 0;
    const bases = indicatorBases();
    for (const p of published) {
      const c = byKey.get(key(p.indicateur, p.niveau, p.code, p.periode, p.dimension + '|' + p.modalite))!;
      if (c.effectif !== null && c.effectif < 11) {
        expect(p, `${p.indicateur} ${p.niveau} ${p.code} ${p.periode}`).toMatchObject({ secret: true, valeur: null, numerateur: null, denominateur: null, effectif: null });
        primary++;
      } else if (p.secret) {
        // A share whose numerator alone is a small group keeps its denominator and count (the same people as a published count).
        expect(p).toMatchObject({ valeur: null, numerateur: null });
        if (p.effectif !== null) expect([p.denominateur, p.effectif]).toEqual([c.denominateur, c.effectif]);
        secondary++;
      } else {
        expect(p.valeur).toBe(c.valeur);
        // A median's or a percentile's effectif is never published (secret_base: aucune).
        expect(p.effectif).toBe(bases[p.indicateur]?.unpublished ? null : c.effectif);
      }
    }
    expect(primary).toBeGreaterThan(0);
    expect(secondary).toBeGreaterThan(0);
    // Why a cell is masked stays in the warehouse: an attacker who knows it does better.
    expect(published.some((p) => 'motif_secret' in p)).toBe(false);
  }, 600_000);

  it('publishes a frozen edition with the next publication, figures unchanged', async () => {
    await freezeEdition(paths, 'vote-test');
    const results = await withRuntime(settings, (env) => runStaleOnce(env, { only: ['publication'] }));
    expect(results.map((r) => [r.asset, r.status])).toEqual([['publication', 'success']]);
    const [edition] = await read(paths.published, 'SELECT * FROM editions') as unknown as { edition: string; livraisons: number }[];
    expect(edition).toMatchObject({ edition: 'vote-test', livraisons: 16 });
    const frozen = await read(paths.published, `SELECT * EXCLUDE (edition) FROM indicateurs_editions WHERE edition = 'vote-test'`);
    expect(frozen.length).toBe(published.length);
    expect(frozen.filter((r) => r.secret).length).toBe(published.filter((r) => r.secret).length);
  }, 600_000);
});
