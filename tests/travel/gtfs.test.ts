// Reading GTFS: a folder or a ZIP (files at the root or in one folder), and every refusal
// told in French with its file, line, column, the value found and what to do.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GtfsError, readGtfs } from '../../pipelines/travel/gtfs.ts';
import { readZip, writeZip } from '../../pipelines/travel/zip.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { h, writeFeed, type FeedSpec } from './helpers.ts';

const spec: FeedSpec = {
  stops: [{ id: 'A', lat: 47.5, lon: 1.3 }, { id: 'B', lat: 47.55, lon: 1.35 }],
  trips: [{ id: 'T1', calls: [['A', h(8)], ['B', h(8, 20)]] }],
};

/** The refusal of a feed whose file `name` is replaced by `text`. */
function refusal(name: string, text: string): GtfsError {
  const dir = writeFeed(spec);
  writeFileSync(path.join(dir, name), text);
  try {
    readGtfs(dir);
  } catch (error) {
    if (error instanceof GtfsError) return error;
    throw error;
  }
  throw new Error('le flux aurait dû être refusé');
}

describe('reading a GTFS feed', () => {
  it('reads a folder, and the same feed zipped, with its files at the root or in a folder', () => {
    const dir = writeFeed(spec);
    const folder = readGtfs(dir);
    expect(folder.stops.map((s) => s.stop_id)).toEqual(['A', 'B']);
    expect(folder.stopTimes.map((st) => [st.stop_id, st.arrival_time])).toEqual([['A', h(8)], ['B', h(8, 20)]]);
    expect(folder.calendars[0].days).toEqual([true, true, true, true, true, true, true]);
    const files = ['agency', 'stops', 'routes', 'trips', 'stop_times', 'calendar'].map((n) => ({ name: `${n}.txt`, data: readFileSync(path.join(dir, `${n}.txt`)) }));
    for (const prefix of ['', 'reseau-2025/']) {
      const zip = path.join(tempDir(), 'flux.zip');
      writeFileSync(zip, writeZip(files.map((f) => ({ ...f, name: prefix + f.name }))));
      const zipped = readGtfs(zip);
      expect({ ...zipped, source: '' }).toEqual({ ...folder, source: '' });
    }
  });

  it('round-trips a ZIP archive written here', () => {
    const zip = writeZip([{ name: 'a.txt', data: 'é'.repeat(10_000) }, { name: 'dossier/b.txt', data: Buffer.from([0, 1, 2]) }]);
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['a.txt', 'dossier/b.txt']);
    expect(entries[0].read().toString('utf8')).toBe('é'.repeat(10_000));
    expect([...entries[1].read()]).toEqual([0, 1, 2]);
  });

  it('reads quoted cells, a byte-order mark, CRLF and Windows-1252 names', () => {
    const dir = writeFeed(spec);
    const latin = Buffer.from('\ufeffstop_id,stop_name,stop_lat,stop_lon\r\nA,"Gare, quai ""1""",47.5,1.3\r\nB,Pont,47.55,1.35\r\n', 'utf8');
    writeFileSync(path.join(dir, 'stops.txt'), latin);
    expect(readGtfs(dir).stops[0].stop_name).toBe('Gare, quai "1"');
    writeFileSync(path.join(dir, 'stops.txt'), Buffer.concat([Buffer.from('stop_id,stop_name,stop_lat,stop_lon\nA,'), Buffer.from([0x92, 0x45, 0x9c]), Buffer.from(',47.5,1.3\nB,Pont,47.55,1.35\n')]));
    expect(readGtfs(dir).stops[0].stop_name).toBe('’Eœ');
  });

  it('says which required file is missing', () => {
    const dir = writeFeed(spec);
    rmSync(path.join(dir, 'stops.txt'));
    rmSync(path.join(dir, 'calendar.txt'));
    expect(() => readGtfs(dir)).toThrow(/stops\.txt — fichier absent du flux, alors que GTFS l’exige\. Vérifiez que .* est bien un flux GTFS complet/);
    expect(() => readGtfs(dir)).toThrow('ni calendar.txt ni calendar_dates.txt');
  });

  it('says which column is missing from a header', () => {
    const e = refusal('stop_times.txt', 'trip_id,arrival_time,departure_time,stop_id\nT1,08:00:00,08:00:00,A\n');
    expect(e.message).toContain('stop_times.txt, ligne 1, colonne stop_sequence — colonne obligatoire absente de l’en-tête. Ajoutez la colonne stop_sequence');
  });

  it('names the line, the column and the value of a bad cell, and says what is expected', () => {
    const e = refusal('stop_times.txt', 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,A,1\nT1,8h20,8h20,B,2\n');
    expect(e.problems).toHaveLength(2);
    expect(e.message).toContain('stop_times.txt, ligne 3, colonne arrival_time : « 8h20 » — attendu : une heure HH:MM:SS (après minuit, au-delà de 24:00:00, ex. 25:10:00). Corrigez cette valeur dans le fichier');
    const c = refusal('calendar.txt', 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS,1,1,1,1,1,oui,0,2025-01-01,20251231\n');
    expect(c.message).toContain('calendar.txt, ligne 2, colonne saturday : « oui » — attendu : 1 (circule ce jour) ou 0');
    expect(c.message).toContain('calendar.txt, ligne 2, colonne start_date : « 2025-01-01 » — attendu : une date AAAAMMJJ (ex. 20250902)');
    const s = refusal('stops.txt', 'stop_id,stop_name,stop_lat,stop_lon\nA,Gare,"47,5",1.3\nB,Pont,,\nC,Quai,47,5,1.3\n');
    expect(s.message).toContain('stops.txt, ligne 2, colonne stop_lat : « 47,5 » — attendu : un nombre décimal avec un point');
    expect(s.message).toContain('stops.txt, ligne 3, colonne stop_lat : «  » — valeur manquante : un arrêt doit avoir ses coordonnées');
    expect(s.message).toContain('stops.txt, ligne 4 : « C,Quai,47,5,1.3 » — 5 valeurs pour 4 colonnes dans l’en-tête. Une virgule dans une valeur doit être entre guillemets');
  });

  it('checks references between files and the order of times along a trip', () => {
    const e = refusal('stop_times.txt', 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,A,1\nT1,07:50:00,07:50:00,ZZ,2\nT9,08:00:00,08:00:00,A,1\nT9,08:10:00,08:10:00,B,2\n');
    expect(e.message).toContain('stop_times.txt, ligne 3, colonne stop_id : « ZZ » — arrêt absent de stops.txt. Ajoutez l’arrêt à stops.txt ou corrigez stop_id.');
    expect(e.message).toContain('stop_times.txt, ligne 4, colonne trip_id : « T9 » — course absente de trips.txt');
    const back = refusal('stop_times.txt', 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,A,1\nT1,07:50:00,07:50:00,B,2\n');
    expect(back.message).toContain('stop_times.txt, ligne 3, colonne arrival_time : « 07:50:00 » — l’heure recule le long de la course T1 (arrêt précédent à 08:00:00). Les heures d’une course croissent d’arrêt en arrêt ; après minuit, écrivez 24:10:00');
    const first = refusal('stop_times.txt', 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,,,A,1\nT1,08:10:00,08:10:00,B,2\n');
    expect(first.message).toContain('le premier arrêt de la course T1 n’a pas d’heure');
  });

  it('refuses a file that is not a ZIP archive, and counts the problems it does not show', () => {
    const file = path.join(tempDir(), 'flux.zip');
    writeFileSync(file, 'ceci n’est pas une archive');
    expect(() => readGtfs(file)).toThrow('flux.zip n’est pas une archive ZIP lisible (fin d’archive introuvable) : est-elle complète ?');
    const rows = Array.from({ length: 30 }, (_, i) => `T1,x${i},,A,${i + 1}`);
    const e = refusal('stop_times.txt', `trip_id,arrival_time,departure_time,stop_id,stop_sequence\n${rows.join('\n')}\n`);
    expect(e.total).toBe(30);
    expect(e.message).toContain('(30 problèmes)');
    expect(e.message).toContain('… et 20 autre(s) problème(s)');
  });

  it('keeps interpolation to the timetable: stops between timepoints may have no time', () => {
    const dir = writeFeed(spec);
    writeFileSync(path.join(dir, 'stop_times.txt'), 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,A,1\nT1,,,B,2\nT1,08:30:00,08:30:00,A,3\n');
    const feed = readGtfs(dir);
    expect(feed.stopTimes.map((st) => st.arrival_time)).toEqual([h(8), undefined, h(8, 30)]);
    expect(feed.warnings).toEqual([]);
  });
});
