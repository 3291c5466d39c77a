// What an asset calls: places read from the warehouse's tables, the feed found in the data
// directory, the day chosen, and the indicator rows in marts.indicateurs' long shape.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDay, coverageIndicators, findFeed, readWarehousePlaces } from '../../pipelines/travel/inputs.ts';
import { openDatabase } from '../../pipelines/warehouse/duckdb.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { h, writeFeed } from './helpers.ts';

const KM = 1 / 111.2;

describe('coverage for an asset', () => {
  it('reads communes and sites from the warehouse, and publishes the three indicators', async () => {
    const db = await openDatabase(':memory:');
    try {
      await db.connection.run(`CREATE SCHEMA intermediate; CREATE SCHEMA staging;
        CREATE TABLE intermediate.int_communes AS SELECT * FROM (VALUES
          ('41018', 'Blois', 'Territoire de Blois', 1000, 47.0, 1.0),
          ('41295', 'Vineuil', 'Territoire de Blois', 400, ${47 + 5 * KM}, 1.0)) t(code_commune, nom, territoire, population, latitude, longitude);
        CREATE TABLE staging.stg_sls__sites AS SELECT * FROM (VALUES
          ('MDS-BLOIS', 'Maison', 'maison_departementale', '41018', 47.0, 1.0, DATE '2015-01-01', NULL::DATE, 'lun,mar,mer,jeu,ven', '08:45-12:15', DATE '2025-07-05'),
          ('BUS-01', 'Bus', 'itinerant', '41295', ${47 + 5 * KM}, 1.0, NULL::DATE, NULL::DATE, 'jeu', '14:00-16:30', DATE '2025-07-05'))
          t(site_id, nom, type, code_commune, latitude, longitude, date_ouverture, date_fermeture, jours, horaires, date_donnees)`);
      const places = await readWarehousePlaces(db.connection);
      expect(places.dataDate).toBe('2025-07-05');
      expect(places.sites[0]).toEqual({ id: 'MDS-BLOIS', nom: 'Maison', type: 'maison_departementale', commune: '41018', lat: 47, lon: 1, ouverture: '2015-01-01', fermeture: undefined, jours: 'lun,mar,mer,jeu,ven', horaires: '08:45-12:15' });
      expect(places.communes[1]).toMatchObject({ code: '41295', territoire: 'Territoire de Blois', population: 400 });

      // A bus from Vineuil to Blois every 10 minutes, 7 minutes on board.
      const trips = Array.from({ length: 30 }, (_, k) => ({ id: `T${k}`, calls: [['V', h(7) + k * 600], ['B', h(7, 7) + k * 600]] as [string, number][] }));
      const gtfs = writeFeed({ stops: [{ id: 'B', lat: 47, lon: 1 }, { id: 'V', lat: 47 + 5 * KM, lon: 1 }], trips });
      const published = coverageIndicators({ ...places, gtfs });
      expect(published.date).toBe('2025-01-07');
      const cell = (indicateur: string, niveau: string, modalite = '') => published.rows.find((r) => r.indicateur === indicateur && r.niveau === niveau && r.modalite === modalite);
      expect(cell('part_population_proche_a_pied', 'departement')).toMatchObject({ code: '41', libelle: 'Loir-et-Cher', periode: '2025-01-07', valeur: (100 * 1000) / 1400, numerateur: 1000, denominateur: 1400, effectif: null });
      expect(cell('part_population_proche_transport_commun', 'territoire')).toMatchObject({ code: 'Territoire de Blois', numerateur: 1400 });
      expect(cell('part_population_proche_route', 'commune', 'itinerant')).toMatchObject({ code: '41018', dimension: 'type_lieu', valeur: 0 });
      expect(published.communesSansLieu.filter((c) => c.type_lieu === '').map((c) => `${c.mode} ${c.code}`)).toEqual(['marche 41295']);
    } finally {
      db.close();
    }
  });

  it('finds a feed left in the data directory, and chooses the day', () => {
    const dir = tempDir();
    expect(findFeed(dir)).toBeUndefined();
    mkdirSync(path.join(dir, 'inbox', 'gtfs'), { recursive: true });
    writeFileSync(path.join(dir, 'inbox', 'gtfs', 'reseau_2025-01.zip'), '');
    writeFileSync(path.join(dir, 'inbox', 'gtfs', 'reseau_2025-09.zip'), '');
    expect(findFeed(dir)).toBe(path.join(dir, 'inbox', 'gtfs', 'reseau_2025-09.zip'));
    writeFileSync(path.join(dir, 'gtfs.zip'), '');
    expect(findFeed(dir)).toBe(path.join(dir, 'gtfs.zip'));
    // Without a feed: the first Tuesday from the data's date.
    expect(chooseDay({ dataDate: '2026-01-05' })).toBe('2026-01-06');
    expect(chooseDay({ dataDate: '2026-01-06' })).toBe('2026-01-06');
    expect(chooseDay({ date: '2026-02-14', dataDate: '2026-01-05' })).toBe('2026-02-14');
  });
});
