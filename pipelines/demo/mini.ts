// The small demo shipped in reference/demo: a few real communes of Loir-et-Cher, invented sites
// and six months of requests. Deterministic (seeded), so the committed files can be regenerated:
//   npx tsx pipelines/demo/mini.ts reference/demo
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** mulberry32: a tiny seeded generator, enough for plausible demo data. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SITES = [
  { id: 'MDS-BLOIS', nom: 'Maison départementale de la cohésion sociale de Blois', type: 'maison_departementale', commune: '41018', lat: 47.5861, lon: 1.3359, territoire: 'Blois Agglopolys', volume: 260, wait: 14 },
  { id: 'MDS-VENDOME', nom: 'Maison départementale de la cohésion sociale de Vendôme', type: 'maison_departementale', commune: '41269', lat: 47.7929, lon: 1.0656, territoire: 'Vendômois', volume: 170, wait: 21 },
  { id: 'MDS-ROMORANTIN', nom: 'Maison départementale de la cohésion sociale de Romorantin-Lanthenay', type: 'maison_departementale', commune: '41194', lat: 47.3581, lon: 1.7411, territoire: 'Sologne', volume: 150, wait: 11 },
  { id: 'ANT-MONTOIRE', nom: 'Antenne sociale de Montoire-sur-le-Loir', type: 'antenne', commune: '41149', lat: 47.7527, lon: 0.8652, territoire: 'Vendômois', volume: 45, wait: 26 },
  { id: 'ANT-MER', nom: 'Antenne sociale de Mer', type: 'antenne', commune: '41136', lat: 47.7046, lon: 1.5071, territoire: 'Blois Agglopolys', volume: 60, wait: 17 },
  { id: 'ANT-SALBRIS', nom: 'Permanence sociale de Salbris', type: 'permanence', commune: '41232', lat: 47.4249, lon: 2.0517, territoire: 'Sologne', volume: 8, wait: 9 },
];
const RESIDENCES: Record<string, string[]> = {
  'MDS-BLOIS': ['41018', '41018', '41018', '41295'],
  'MDS-VENDOME': ['41269', '41269', '41149'],
  'MDS-ROMORANTIN': ['41194', '41194', '41059'],
  'ANT-MONTOIRE': ['41149'],
  'ANT-MER': ['41136'],
  'ANT-SALBRIS': ['41232'],
};
const MOTIFS = ['insertion', 'logement', 'enfance_famille', 'autonomie', 'handicap', 'sante', 'budget', 'acces_droits', 'violences', 'autre'];
const CANAUX = ['accueil', 'accueil', 'telephone', 'telephone', 'en_ligne', 'itinerant'];
const AGES = ['moins_25', '25_39', '25_39', '40_54', '40_54', '55_64', '65_plus', 'inconnue'];
const START = Date.UTC(2025, 0, 2);
const EXTRACTION = Date.UTC(2025, 6, 1);
const DAY = 86_400_000;

const frDate = (t: number) => {
  const d = new Date(t);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
};
const pick = <T>(r: () => number, xs: T[]) => xs[Math.floor(r() * xs.length)];

export function writeMiniDemo(dir: string, seed = 41): void {
  const r = seeded(seed);
  mkdirSync(dir, { recursive: true });
  const sites = ['site_id;nom;type;code_commune;latitude;longitude;gestionnaire;territoire;date_ouverture;date_fermeture'];
  for (const s of SITES) {
    sites.push([s.id, s.nom, s.type, s.commune, String(s.lat).replace('.', ','), String(s.lon).replace('.', ','),
      'departement', s.territoire, '01/01/2015', ''].join(';'));
  }
  const rows = ['demande_id;usager_pseudo;site_id;date_demande;date_premier_rdv;motif;canal;commune_residence;tranche_age;issue'];
  let n = 0;
  for (const s of SITES) {
    for (let i = 0; i < s.volume; i++) {
      const asked = START + Math.floor(r() * 180) * DAY;
      // Long-tailed waits: most within a few weeks, some far longer.
      const wait = Math.round(-Math.log(1 - r()) * s.wait);
      const seen = asked + wait * DAY;
      const pending = seen >= EXTRACTION;
      n++;
      rows.push([
        `D${String(n).padStart(5, '0')}`, `u${Math.floor(r() * 1e9).toString(36)}`, s.id, frDate(asked),
        pending ? '' : frDate(seen), pick(r, MOTIFS), pick(r, CANAUX), pick(r, RESIDENCES[s.id]), pick(r, AGES),
        pending ? 'en_cours' : pick(r, ['oriente_interne', 'oriente_partenaire', 'clos', 'sans_suite']),
      ].join(';'));
    }
  }
  const bom = '\ufeff';
  writeFileSync(path.join(dir, 'sites_departement-41_2025-06.csv'), bom + sites.join('\r\n') + '\r\n');
  writeFileSync(path.join(dir, 'sls_demandes_departement-41_2025-06.csv'), bom + rows.join('\r\n') + '\r\n');
}

if (import.meta.url === `file://${process.argv[1]}`) writeMiniDemo(process.argv[2] ?? 'reference/demo');
