import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../pipelines/ingest/import.ts';
import { RefusedDelivery } from '../../pipelines/ingest/problems.ts';
import { openWarehouse, queryRows, type Database } from '../../pipelines/warehouse/duckdb.ts';
import { demoLines, demoRequests, tempDir, writeDelivery } from '../helpers/fixtures.ts';

const HEADER = 'demande_id;usager_pseudo;site_id;date_demande;date_premier_rdv;motif;canal;commune_residence;tranche_age;issue';
const row = (id: string, extra: Partial<Record<string, string>> = {}) => {
  const base = { demande_id: id, usager_pseudo: `u${id}`, site_id: 'MDS-BLOIS', date_demande: '03/02/2025', date_premier_rdv: '2025-02-10', motif: 'logement', canal: 'accueil', commune_residence: '41018', tranche_age: '25_39', issue: 'clos', ...extra };
  return Object.values(base).join(';');
};

describe('importing a delivery', () => {
  let db: Database;
  let dir: string;
  const options = () => ({ pseudonymKey: 'clé-de-test', tmpDir: dir });
  const count = async () => Number((await queryRows<{ n: number }>(db.connection, 'SELECT count(*) AS n FROM raw.sls_demandes'))[0].n);
  const refusal = async (file: string) => {
    const error = await importFile(db.connection, file, options()).catch((e) => e);
    expect(error).toBeInstanceOf(RefusedDelivery);
    return error as RefusedDelivery;
  };

  beforeEach(async () => {
    dir = tempDir();
    db = await openWarehouse(':memory:');
  });
  afterEach(() => db.close());

  it('loads the demo delivery whole, with typed columns and re-hashed pseudonyms', async () => {
    const result = await importFile(db.connection, demoRequests, options());
    const lines = demoLines(demoRequests);
    expect(result).toMatchObject({ source: 'sls_demandes', producer: 'departement-41', period: '2025-06', rows: lines.length - 1 });
    expect(await count()).toBe(lines.length - 1);
    const [first] = await queryRows<Record<string, string>>(db.connection, `SELECT * FROM raw.sls_demandes WHERE demande_id = 'D00001'`);
    const raw = lines[1].split(';');
    expect(first.date_demande).toBe(raw[3].split('/').reverse().join('-'));
    expect(first.usager_pseudo).toMatch(/^[0-9a-f]{64}$/);
    expect(first.usager_pseudo).not.toBe(raw[1]);
  });

  it('keeps commune codes as text: leading zeros and Corsica', async () => {
    const file = writeDelivery(dir, 'sls_demandes_test_2025-02.csv', [HEADER, row('1', { commune_residence: '01001' }), row('2', { commune_residence: '2A004' })]);
    await importFile(db.connection, file, options());
    const codes = await queryRows<{ c: string }>(db.connection, 'SELECT commune_residence AS c FROM raw.sls_demandes ORDER BY 1');
    expect(codes.map((r) => r.c)).toEqual(['01001', '2A004']);
  });

  it('refuses a file with a bad date, naming file, line and column, loads nothing of it and keeps the earlier delivery', async () => {
    await importFile(db.connection, writeDelivery(dir, 'sls_demandes_test_2025-02.csv', [HEADER, row('1')]), options());
    const file = writeDelivery(dir, 'sls_demandes_test_2025-02.csv', [HEADER, row('1'), row('2', { date_demande: '31/02/2025' }), row('3')]);
    const error = await refusal(file);
    expect(error.message).toContain('sls_demandes_test_2025-02.csv, ligne 3, colonne « date_demande »');
    expect(error.message).toContain('JJ/MM/AAAA');
    expect(await count()).toBe(1);
  });

  it('refuses a file holding direct identifiers without repeating them', async () => {
    const file = writeDelivery(dir, 'sls_demandes_test_2025-02.csv', [HEADER, row('1'), row('2', { usager_pseudo: 'jeanne.martin@example.fr' })]);
    const error = await refusal(file);
    expect(error.problems.some((p) => p.identifying && p.column === 'usager_pseudo' && p.line === 3)).toBe(true);
    expect(error.message).not.toContain('jeanne.martin');
  });

  it('refuses a file with a missing column and says which', async () => {
    const file = writeDelivery(dir, 'sls_demandes_test_2025-02.csv', [HEADER.replace(';motif', ''), row('1').replace(';logement', '')]);
    const error = await refusal(file);
    expect(error.message).toContain('colonnes manquantes : motif');
  });

  it('leaves everything as it was when the very same file comes again', async () => {
    const file = writeDelivery(dir, 'sls_demandes_test_2025-02.csv', [HEADER, row('1'), row('2')]);
    const first = await importFile(db.connection, file, options());
    const again = await importFile(db.connection, file, options());
    expect(again).toMatchObject({ unchanged: true, deliveryId: first.deliveryId, rows: 2 });
    expect(await count()).toBe(2);
    const active = await queryRows<{ n: number }>(db.connection, 'SELECT count(*)::INTEGER AS n FROM meta.livraisons WHERE active');
    expect(active[0].n).toBe(1);
  });

  it('gives the connection back as it found it, whether the file loads or not', async () => {
    const kept = async () => (await queryRows<{ v: boolean }>(db.connection, `SELECT current_setting('preserve_insertion_order') AS v`))[0].v;
    await importFile(db.connection, writeDelivery(dir, 'sls_demandes_test_2025-02.csv', [HEADER, row('1')]), options());
    expect(await kept()).toBe(true);
    await refusal(writeDelivery(dir, 'sls_demandes_test_2025-02.csv', [HEADER, row('2', { date_demande: 'hier' })]));
    expect(await kept()).toBe(true);
  });

  it('replaces the earlier delivery of the same source, producer and period, and keeps the others', async () => {
    await importFile(db.connection, writeDelivery(dir, 'sls_demandes_a_2025-02.csv', [HEADER, row('1'), row('2')]), options());
    await importFile(db.connection, writeDelivery(dir, 'sls_demandes_b_2025-02.csv', [HEADER, row('9')]), options());
    const again = await importFile(db.connection, writeDelivery(dir, 'sls_demandes_a_2025-02.csv', [HEADER, row('3')]), options());
    expect(again.replaced).toBe(1);
    const ids = await queryRows<{ id: string }>(db.connection, 'SELECT demande_id AS id FROM raw.sls_demandes ORDER BY 1');
    expect(ids.map((r) => r.id)).toEqual(['3', '9']);
  });
});
