import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCommand } from '../../pipelines/cli/demo.ts';
import { loadDepartement } from '../../pipelines/demo/departement.ts';
import { generateDemo, type DemoResult } from '../../pipelines/demo/generate.ts';
import { importFile } from '../../pipelines/ingest/import.ts';
import { openWarehouse, queryRows, type Database } from '../../pipelines/warehouse/duckdb.ts';
import { tempDir } from '../helpers/fixtures.ts';

const files = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
  .sort();

describe('the demo generator', () => {
  it('writes the same bytes for the same seed, and other bytes for another seed', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    await generateDemo({ dir: a, scale: 0.05, seed: 7 });
    await generateDemo({ dir: b, scale: 0.05, seed: 7 });
    await generateDemo({ dir: c, scale: 0.05, seed: 8 });
    const names = files(a);
    expect(names.length).toBeGreaterThan(40);
    expect(files(b)).toEqual(names);
    for (const f of names) expect(readFileSync(path.join(b, f)).equals(readFileSync(path.join(a, f))), f).toBe(true);
    const differ = names.filter((f) => files(c).includes(f) && !readFileSync(path.join(c, f)).equals(readFileSync(path.join(a, f))));
    expect(differ.some((f) => f.startsWith('sls_demandes/'))).toBe(true);
    expect(differ.some((f) => f.endsWith('.xlsx'))).toBe(true);
  });

  it('names every delivery <source>_<producteur>_<periode>.<ext>, in the folder of its source', async () => {
    const dir = tempDir();
    const result = await generateDemo({ dir, scale: 0.05 });
    const sources = ['sites', 'territoires', 'sls_demandes', 'rsa_parcours', 'effectifs', 'ccas_aides', 'caf_allocataires', 'consultation',
      'apa_demandes', 'mdph_demandes', 'ase_informations_preoccupantes', 'ase_mesures', 'fsl_aides'];
    // Plus a public-transport feed (GTFS files, not a delivery), for the travel times.
    expect([...new Set(result.written.map((w) => w.source))].sort()).toEqual([...sources, 'gtfs'].sort());
    expect(result.written.filter((w) => w.source === 'gtfs').map((w) => path.basename(w.file))).toEqual(expect.arrayContaining(['stops.txt', 'stop_times.txt', 'trips.txt', 'calendar.txt']));
    for (const w of result.written.filter((x) => x.source !== 'gtfs')) {
      const name = path.basename(w.file);
      expect(path.basename(path.dirname(w.file))).toBe(w.source);
      if (!name.endsWith('.yaml')) expect(name).toBe(`${w.source}_${w.producteur}_${w.periode}${path.extname(name)}`);
    }
    // Monthly requests, quarterly RSA entries, CCAS at their own rhythm, some workbooks.
    expect(result.written.filter((w) => w.source === 'sls_demandes').map((w) => w.periode)).toContain('2025-06');
    expect(result.written.filter((w) => w.source === 'rsa_parcours').map((w) => w.periode)).toContain('2025-T2');
    expect(result.written.some((w) => w.source === 'ccas_aides' && /-S[12]$/.test(w.periode) && w.file.endsWith('.xlsx'))).toBe(true);
    expect(result.written.some((w) => w.source === 'effectifs' && w.file.endsWith('.xlsx'))).toBe(true);
  });

  it('gives a département without shipped contours a clear message, and takes its contours when given', async () => {
    const out = tempDir();
    await expect(generateDemo({ dir: out, departement: '13' })).rejects.toThrow(/--contours/);
    const result = await generateDemo({ dir: out, departement: '92', scale: 0.05, contours: path.join('reference', 'geo', 'communes-92-hauts-de-seine.geojson') });
    expect(result.communes).toBe(36);
  });

  it('runs as a command and reports what it wrote', async () => {
    const out = tempDir();
    const logs: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => logs.push(args.join(' '));
    try {
      expect(await demoCommand(['--scale', '0,05', '--departement', '38', '--sortie', out])).toBe(0);
    } finally {
      console.log = original;
    }
    expect(logs.join('\n')).toMatch(/Isère \(38\), 512 communes/);
    expect(readdirSync(path.join(out, 'sls_demandes')).length).toBe(12);
  });
});

describe('a generated demo, loaded through the real ingestion', () => {
  let dir: string;
  let result: DemoResult;
  let db: Database;
  const rows = <T = Record<string, unknown>>(sql: string) => queryRows<T>(db.connection, sql);
  const one = async (sql: string) => Number(Object.values((await rows(sql))[0])[0]);

  beforeAll(async () => {
    dir = tempDir();
    result = await generateDemo({ dir, scale: 0.2, seed: 41 });
    db = await openWarehouse(':memory:');
    const questionnaire = result.written.find((w) => w.file.endsWith('.yaml'))!.file;
    for (const w of result.written.filter((x) => !x.file.endsWith('.yaml') && x.source !== 'gtfs')) {
      const loaded = await importFile(db.connection, w.file, { source: w.source, pseudonymKey: 'clé-de-test', tmpDir: path.join(dir, '.tmp'), questionnaire });
      // Every row loads, and the delivery's producer and period are the ones of its name.
      expect(loaded, w.file).toMatchObject({ rows: w.rows, producer: w.producteur, period: w.periode });
    }
  }, 300_000);
  afterAll(() => db?.close());

  it('loads every delivery of every source without refusal', async () => {
    for (const source of ['sites', 'territoires', 'sls_demandes', 'rsa_parcours', 'effectifs', 'ccas_aides', 'caf_allocataires', 'consultation',
      'apa_demandes', 'mdph_demandes', 'ase_informations_preoccupantes', 'ase_mesures', 'fsl_aides']) {
      expect(await one(`SELECT count(*) FROM raw.${source}`), source).toBeGreaterThan(0);
    }
    expect(await one('SELECT count(*) FROM raw.sls_demandes')).toBe(result.written.filter((w) => w.source === 'sls_demandes').reduce((a, w) => a + w.rows, 0));
  });

  it('uses real communes of the département, as they are today', async () => {
    const cog = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/communes.json') as { code: string; type: string; departement: string }[];
    const current = new Set(cog.filter((c) => c.type === 'commune-actuelle' && c.departement === '41').map((c) => c.code));
    const used = await rows<{ code: string }>(`
      SELECT commune_residence AS code FROM raw.sls_demandes UNION SELECT commune_residence FROM raw.rsa_parcours
      UNION SELECT commune_residence FROM raw.ccas_aides UNION SELECT ccas_commune FROM raw.ccas_aides
      UNION SELECT code_commune FROM raw.caf_allocataires UNION SELECT code_commune FROM raw.sites UNION SELECT code_commune FROM raw.territoires
      UNION SELECT commune_residence FROM raw.apa_demandes UNION SELECT commune_residence FROM raw.mdph_demandes
      UNION SELECT commune_residence FROM raw.ase_informations_preoccupantes UNION SELECT commune_residence FROM raw.fsl_aides`);
    expect(used.length).toBeGreaterThan(200);
    expect(used.filter((u) => !current.has(u.code))).toEqual([]);
    // Every commune has its territory, and there are 4 to 6 of them.
    expect(await one('SELECT count(*) FROM raw.territoires')).toBe(current.size);
    expect(await one('SELECT count(DISTINCT territoire) FROM raw.territoires')).toBeGreaterThanOrEqual(4);
    expect(await one('SELECT count(DISTINCT territoire) FROM raw.territoires')).toBeLessThanOrEqual(6);
  });

  it('has real France Services sites, the département’s own sites and a bus with several stops', async () => {
    expect(await one(`SELECT count(*) FROM raw.sites WHERE type = 'france_services'`)).toBe(23);
    expect(await one(`SELECT count(*) FROM raw.sites WHERE type IN ('maison_departementale', 'antenne')`)).toBeGreaterThanOrEqual(10);
    expect(await one(`SELECT count(*) FROM raw.sites WHERE type = 'pmi'`)).toBeGreaterThanOrEqual(1);
    expect(await one(`SELECT count(*) FROM raw.sites WHERE type = 'itinerant' AND jours IS NOT NULL AND horaires IS NOT NULL`)).toBeGreaterThanOrEqual(3);
    // Requests go to sites of the referential.
    expect(await one('SELECT count(*) FROM raw.sls_demandes WHERE site_id NOT IN (SELECT site_id FROM raw.sites)')).toBe(0);
    expect(await one('SELECT count(*) FROM raw.effectifs WHERE site_id NOT IN (SELECT site_id FROM raw.sites)')).toBe(0);
  });

  it('has more requests where people are poorer, long-tailed waits, summer delays and pending requests', async () => {
    const dep = loadDepartement('41', 41);
    const perInhabitant = await rows<{ code: string; n: number }>('SELECT commune_residence AS code, count(*)::DOUBLE AS n FROM raw.sls_demandes GROUP BY 1');
    const byCode = new Map(perInhabitant.map((r) => [r.code, Number(r.n)]));
    const ranked = [...dep.communes].filter((c) => c.population > 0).sort((a, b) => a.precarite - b.precarite);
    const rate = (cs: typeof ranked) => cs.reduce((a, c) => a + (byCode.get(c.code) ?? 0), 0) / cs.reduce((a, c) => a + c.population, 0);
    const quarter = Math.floor(ranked.length / 4);
    expect(rate(ranked.slice(-quarter)) / rate(ranked.slice(0, quarter))).toBeGreaterThan(1.5);

    const [w] = await rows<{ median: number; p90: number }>(`SELECT median(date_premier_rdv - date_demande) AS median, quantile_cont(date_premier_rdv - date_demande, 0.9) AS p90 FROM raw.sls_demandes`);
    expect(w.p90 / w.median).toBeGreaterThan(2.5);
    const [s] = await rows<{ summer: number; spring: number }>(`SELECT
      median(date_premier_rdv - date_demande) FILTER (WHERE month(date_demande) IN (7, 8)) AS summer,
      median(date_premier_rdv - date_demande) FILTER (WHERE month(date_demande) IN (4, 5)) AS spring FROM raw.sls_demandes`);
    expect(s.summer).toBeGreaterThan(s.spring * 1.2);
    expect(await one(`SELECT count(*) FROM raw.sls_demandes WHERE date_premier_rdv IS NULL AND issue = 'en_cours'`)).toBeGreaterThan(20);
    expect(await one(`SELECT count(*) FROM raw.sls_demandes WHERE date_premier_rdv > DATE '2026-01-05' OR date_demande > DATE '2026-01-05'`)).toBe(0);
    // Requests are made on working days, in CSV as in workbooks (a date shifted by a time zone would show here).
    expect(await one('SELECT count(*) FROM raw.sls_demandes WHERE isodow(date_demande) > 5')).toBe(0);
    expect(await one('SELECT count(*) FROM raw.ccas_aides WHERE isodow(date_demande) > 5')).toBe(0);
  });

  it('orients about 88 % of new RSA beneficiaries within two months', async () => {
    const share = await one(`SELECT avg((date_orientation IS NOT NULL AND date_orientation - date_premier_versement <= 60)::INTEGER)
      FROM raw.rsa_parcours WHERE date_premier_versement <= DATE '2026-01-05' - 60`);
    expect(share).toBeGreaterThan(0.83);
    expect(share).toBeLessThan(0.93);
    expect(await one('SELECT avg(referent_unique::INTEGER) FROM raw.rsa_parcours WHERE date_orientation IS NOT NULL')).toBeGreaterThan(0.8);
    expect(await one('SELECT count(*) FROM raw.rsa_parcours WHERE date_contrat IS NOT NULL')).toBeGreaterThan(0);
    expect(await one('SELECT count(*) FROM raw.rsa_parcours WHERE date_sortie IS NOT NULL')).toBeGreaterThan(0);
    expect(await one('SELECT count(*) FROM raw.rsa_parcours WHERE date_orientation < date_premier_versement OR date_contrat < date_premier_rdv')).toBe(0);
  });

  // Scale 0.2 is one year (2025) at a fifth of the volume: a year's count divided by 0.2 is Loir-et-Cher's.
  it('has APA, MDPH, child-protection and FSL files at Loir-et-Cher’s orders of magnitude, some late, some pending at the data date', async () => {
    const perYear = async (table: string, column: string) => (await one(`SELECT count(*) FROM raw.${table} WHERE year(${column}) = 2025`)) / 0.2;
    // About 10,000 APA beneficiaries (DREES 2020): some 5,000 requests a year; 15,000 MDPH requests; 1,500 informations of concern; 4,000 FSL requests.
    expect(await perYear('apa_demandes', 'date_depot')).toBeGreaterThan(3500);
    expect(await perYear('apa_demandes', 'date_depot')).toBeLessThan(7000);
    expect(await perYear('mdph_demandes', 'date_depot')).toBeGreaterThan(10_000);
    expect(await perYear('mdph_demandes', 'date_depot')).toBeLessThan(20_000);
    expect(await perYear('ase_informations_preoccupantes', 'date_reception')).toBeGreaterThan(1000);
    expect(await perYear('ase_informations_preoccupantes', 'date_reception')).toBeLessThan(2500);
    expect(await perYear('fsl_aides', 'date_demande')).toBeGreaterThan(3000);
    expect(await perYear('fsl_aides', 'date_demande')).toBeLessThan(6000);
    // APA: most files decided within the legal two months, not all; GIR 1–4 only are granted.
    const apa = await one(`SELECT avg((date_decision IS NOT NULL AND date_decision - date_dossier_complet <= 60)::INTEGER) FROM raw.apa_demandes
      WHERE date_dossier_complet <= DATE '2026-01-05' - 60 AND decision <> 'sans_suite'`);
    expect(apa).toBeGreaterThan(0.7);
    expect(apa).toBeLessThan(0.92);
    expect(await one(`SELECT count(*) FROM raw.apa_demandes WHERE decision = 'accordee' AND (gir IS NULL OR gir::INTEGER > 4)`)).toBe(0);
    expect(await one(`SELECT count(DISTINCT lieu) FROM raw.apa_demandes WHERE decision = 'accordee'`)).toBe(2);
    // MDPH: about two thirds within four months, the PCH slower than the disability card.
    const mdph = await one(`SELECT avg((date_decision IS NOT NULL AND date_decision - date_depot <= 120)::INTEGER) FROM raw.mdph_demandes WHERE date_depot <= DATE '2026-01-05' - 120 AND decision <> 'sans_suite'`);
    expect(mdph).toBeGreaterThan(0.5);
    expect(mdph).toBeLessThan(0.85);
    const [p] = await rows<{ pch: number; cmi: number }>(`SELECT median(date_decision - date_depot) FILTER (WHERE prestation = 'pch') AS pch, median(date_decision - date_depot) FILTER (WHERE prestation = 'cmi') AS cmi FROM raw.mdph_demandes`);
    expect(Number(p.pch)).toBeGreaterThan(Number(p.cmi) * 1.2);
    // Informations of concern: evaluated within three months most of the time.
    const ip = await one(`SELECT avg((date_fin_evaluation IS NOT NULL AND date_fin_evaluation - date_reception <= 90)::INTEGER) FROM raw.ase_informations_preoccupantes WHERE date_reception <= DATE '2026-01-05' - 90`);
    expect(ip).toBeGreaterThan(0.55);
    expect(ip).toBeLessThan(0.9);
    // Pending at the data date, and nothing after it.
    for (const [table, start, end, pending] of [['apa_demandes', 'date_depot', 'date_decision', `decision = 'en_cours'`], ['mdph_demandes', 'date_depot', 'date_decision', `decision = 'en_cours'`],
      ['ase_informations_preoccupantes', 'date_reception', 'date_fin_evaluation', `issue = 'en_cours'`], ['fsl_aides', 'date_demande', 'date_decision', `decision = 'en_cours'`]]) {
      expect(await one(`SELECT count(*) FROM raw.${table} WHERE ${end} IS NULL AND ${pending}`), table).toBeGreaterThan(10);
      expect(await one(`SELECT count(*) FROM raw.${table} WHERE (${end} IS NULL) <> (${pending})`), table).toBe(0);
      expect(await one(`SELECT count(*) FROM raw.${table} WHERE ${start} > DATE '2026-01-05' OR ${end} > DATE '2026-01-05'`), table).toBe(0);
    }
    // FSL: amounts for granted aid only, energy aid more often in winter.
    expect(await one(`SELECT count(*) FROM raw.fsl_aides WHERE (decision = 'accordee') <> (montant_eur IS NOT NULL)`)).toBe(0);
    const [e] = await rows<{ hiver: number; ete: number }>(`SELECT avg((type_aide = 'energie')::INTEGER) FILTER (WHERE month(date_demande) IN (12, 1, 2)) AS hiver,
      avg((type_aide = 'energie')::INTEGER) FILTER (WHERE month(date_demande) IN (6, 7, 8)) AS ete FROM raw.fsl_aides`);
    expect(Number(e.hiver)).toBeGreaterThan(Number(e.ete) * 1.2);
    // Child-protection measures keep real magnitudes (an aggregate): about 1,000 children in care
    // (DREES 2020: 990), for every territory and type, every month, rising over the year.
    const care = await one(`SELECT sum(mesures) FROM raw.ase_mesures WHERE mois = '2025-12' AND type_mesure IN ('accueil_familial', 'accueil_etablissement', 'jeune_majeur')`);
    expect(care).toBeGreaterThan(800);
    expect(care).toBeLessThan(1300);
    expect(await one('SELECT count(*) FROM raw.ase_mesures')).toBe(12 * 6 * (await one('SELECT count(DISTINCT territoire) FROM raw.territoires')));
    expect(await one(`SELECT count(*) FROM raw.ase_mesures WHERE territoire NOT IN (SELECT territoire FROM raw.territoires)`)).toBe(0);
    expect(await one(`SELECT sum(mesures) FILTER (WHERE mois = '2025-12') - sum(mesures) FILTER (WHERE mois = '2025-01') FROM raw.ase_mesures`)).toBeGreaterThan(0);
  });

  it('publishes CAF counts rounded to 5, small ones masked as empty cells', async () => {
    expect(await one('SELECT count(*) FROM raw.caf_allocataires WHERE foyers % 5 <> 0 OR personnes_couvertes % 5 <> 0')).toBe(0);
    expect(await one('SELECT count(*) FROM raw.caf_allocataires WHERE foyers IS NULL AND personnes_couvertes IS NULL')).toBeGreaterThan(0);
    expect(await one('SELECT count(*) FROM raw.caf_allocataires WHERE (foyers IS NULL) <> (personnes_couvertes IS NULL)')).toBe(0);
    expect(await one('SELECT min(foyers) FROM raw.caf_allocataires')).toBe(5);
    // Every commune, every benefit, every month.
    expect(await one('SELECT count(*) FROM raw.caf_allocataires')).toBe(267 * 6 * 12);
  });

  it('has staff with vacancies and caseloads, and CCAS aid by type with amounts', async () => {
    expect(await one('SELECT count(*) FROM raw.effectifs WHERE postes_vacants > 0')).toBeGreaterThan(0);
    expect(await one('SELECT count(*) FROM raw.effectifs WHERE postes_vacants > postes_ouverts OR etp > postes_ouverts')).toBe(0);
    expect(await one('SELECT count(*) FROM raw.effectifs WHERE file_active IS NULL')).toBeGreaterThan(0);
    expect(await one('SELECT count(DISTINCT type_aide) FROM raw.ccas_aides')).toBe(8);
    expect(await one(`SELECT count(*) FROM raw.ccas_aides WHERE decision = 'accordee' AND montant_eur IS NULL`)).toBe(0);
    expect(await one(`SELECT count(*) FROM raw.ccas_aides WHERE decision <> 'accordee' AND montant_eur IS NOT NULL`)).toBe(0);
    expect(await one('SELECT count(DISTINCT ccas_commune) FROM raw.ccas_aides')).toBe(6);
  });

  it('has a consultation with its questionnaire, and its free texts scrubbed', async () => {
    expect(await one('SELECT count(*) FROM raw.consultation')).toBe(160);
    expect(await one('SELECT count(DISTINCT question_id) FROM raw.consultation_reponses')).toBe(7);
    expect(await one(`SELECT count(*) FROM raw.consultation_reponses WHERE regexp_matches(valeur, '@|06 39 98|rue des Lilas')`)).toBe(0);
  });

  it('writes the département’s referential in Windows-1252 and the application exports in UTF-8', () => {
    const sites = readFileSync(result.written.find((w) => w.source === 'sites' && w.producteur === 'departement-41')!.file);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(sites)).toThrow();
    // Node 20 drops bytes 0x80-0x9F (œ, ’, —) in a one-shot windows-1252 decode; streaming decodes them.
    const text = new TextDecoder('windows-1252').decode(sites, { stream: true });
    expect(text).toContain('Maison départementale de la cohésion sociale de Blois');
    expect(text).toContain('Restos du Cœur');
    expect(text.split('\r\n')[1]).toMatch(/;47,\d+;1,\d+;/);
    const requests = readFileSync(result.written.find((w) => w.source === 'sls_demandes')!.file);
    expect(requests.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(requests)).toMatch(/;\d{2}\/\d{2}\/\d{4};/);
  });
});
