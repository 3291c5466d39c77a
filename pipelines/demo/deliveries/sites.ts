// `sites`: the département's referential of places, as its office tool exports it (Windows-1252,
// `;`, decimal comma, JJ/MM/AAAA), and the France Services list as the ANCT publishes it (UTF-8, `,`).
import { CsvWriter, FRENCH_WINDOWS, PLAIN_UTF8, type Dialect } from '../csv.ts';
import type { Demo } from '../context.ts';
import { deliveryName } from '../output.ts';
import type { DemoSite } from '../sites.ts';

const HEADER = ['site_id', 'nom', 'type', 'code_commune', 'latitude', 'longitude', 'gestionnaire', 'territoire', 'date_ouverture', 'date_fermeture', 'jours', 'horaires'];

export async function writeSites(demo: Demo): Promise<void> {
  const producer = `departement-${demo.dep.code}`;
  await write(demo, demo.sites.filter((s) => s.producteur === 'departement'), producer, demo.options.fin, FRENCH_WINDOWS);
  const fs = demo.sites.filter((s) => s.producteur === 'anct');
  if (fs.length > 0) await write(demo, fs, 'anct', '2024-08', PLAIN_UTF8);
}

async function write(demo: Demo, sites: DemoSite[], producteur: string, periode: string, dialect: Dialect): Promise<void> {
  const partial = demo.out.start('sites', deliveryName('sites', producteur, periode, 'csv'));
  const csv = new CsvWriter(partial, dialect, HEADER, [demo.first, demo.last]);
  for (const s of sites) {
    await csv.row([
      s.id, csv.cell(s.nom), s.type, s.commune.code, csv.number(s.lat, 5), csv.number(s.lon, 5), s.gestionnaire,
      csv.cell(demo.dep.territoires[s.territoire].nom), csv.day(s.ouverture), csv.day(s.fermeture), csv.cell(s.jours ?? ''), s.horaires ?? '',
    ]);
  }
  await csv.close();
  demo.out.commit(partial, { source: 'sites', producteur, periode, rows: csv.rows });
}
