// A small hand-made département for the indicator tests: six real communes of Loir-et-Cher in two
// territories, four sites, and every source, kept as plain objects (for the expected figures)
// and written as partners' deliveries (for the pipeline).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seeded } from '../../pipelines/demo/mini.ts';
import { cogCommunes, communeCentres, currentCodes } from '../../pipelines/reference/cog.ts';
import { shippedContours, type Point } from '../../pipelines/reference/geo.ts';

export interface Commune extends Point { code: string; nom: string; population: number; territoire: string; codesPostaux: string[] }
export interface Site extends Point { id: string; commune: string; territoire: string; ouverture: string; fermeture: string; jours?: string; horaires?: string }
export interface Demande { id: string; site: string; demande: string; rdv: string; motif: string; canal: string; commune: string; issue: string; producteur: string }
export interface Rsa { pseudo: string; commune: string; versement: string; orientation: string; referent: boolean; rdv?: string; contrat?: string }
export interface Effectif { mois: string; site: string; metier: string; etp: number; ouverts: number; vacants: number; fileActive: number }
export interface Aide { id: string; ccas: string; demande: string; decision: string; type: string; statut?: string; montant?: number | null }
export interface Caf { mois: string; commune: string; prestation: string; foyers: number | null }
export interface Apa { id: string; pseudo: string; commune: string; depot: string; complet: string; decision: string; lieu: string; gir: string; statut: string }
export interface Mdph { id: string; commune: string; depot: string; decision: string; prestation: string; statut: string }
export interface Ip { id: string; commune: string; reception: string; fin: string; issue: string }
export interface Mesure { mois: string; territoire: string; type: string; mesures: number }
export interface Fsl { id: string; commune: string; demande: string; decision: string; type: string; statut: string; montant: number | null }
/** A respondent as one export gives it: exports are named by questionnaire and period; a later export of the same questionnaire repeats earlier respondents. */
export interface Repondant { id: string; date: string; codePostal: string; profil: string; q1: string; q2: string[]; q3: string; questionnaire: string; export: string; age?: string; q4?: number | null }

export const TERRITOIRES: Record<string, string> = {
  '41018': 'Nord', '41269': 'Nord', '41206': 'Nord', '41276': 'Sud', '41194': 'Sud', '41295': 'Sud',
};

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
export const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
export const daysBetween = (a: string, b: string) => day(b) - day(a);

export function makeDataset() {
  const rnd = seeded(7);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

  const cog = cogCommunes();
  const centres = communeCentres(shippedContours('41')!, currentCodes(cog));
  const communes: Commune[] = Object.entries(TERRITOIRES).map(([code, territoire]) => {
    const c = cog.find((x) => x.code === code && x.type === 'commune-actuelle')!;
    return { code, nom: c.nom, population: c.population!, territoire, codesPostaux: c.codesPostaux ?? [], ...centres.get(code)! };
  });
  const at = (code: string, dLat = 0) => ({ lat: communes.find((c) => c.code === code)!.lat + dLat, lon: communes.find((c) => c.code === code)!.lon });
  const sites: Site[] = [
    { id: 'S-BLOIS', commune: '41018', territoire: 'Nord', ouverture: '2015-01-01', fermeture: '', ...at('41018') },
    // About 1.1 km north of Vendôme's centre: within 2 km.
    { id: 'S-VENDOME', commune: '41269', territoire: 'Nord', ouverture: '2018-03-01', fermeture: '', ...at('41269', 0.01) },
    // About 5.5 km from Romorantin's centre: too far.
    { id: 'S-ROMO', commune: '41194', territoire: 'Sud', ouverture: '2025-02-20', fermeture: '', ...at('41194', 0.05) },
    // Closed before the date of the data: covers nobody.
    { id: 'S-VINEUIL', commune: '41295', territoire: 'Sud', ouverture: '2010-01-01', fermeture: '2024-06-30', ...at('41295') },
  ];

  // Two producers: « test » (Blois, Vendôme) and « test-sud » (Romorantin), whose data end earlier:
  // each producer's requests are judged at the date of its own data (the latest date in its file).
  // Worked by hand (opening hours at the sites' date of data, 2025-02-20): Blois neither, Vendôme on
  // Saturday, Romorantin until 19:00, Vineuil closed. Nord 1/2 = 50 % (evening 0/2, Saturday 1/2);
  // Sud 1/1 = 100 % (evening 1/1, Saturday 0/1); 41: 2/3 (evening 1/3, Saturday 1/3). No food-aid
  // point: all 6 communes are without one (3 Nord, 3 Sud).
  Object.assign(sites[0], { jours: 'lun,mar,mer,jeu,ven', horaires: '09:00-12:00/13:30-17:00' });
  Object.assign(sites[1], { jours: 'lun,mar,sam', horaires: '09:00-12:00' });
  Object.assign(sites[2], { jours: 'mar,jeu', horaires: '09:00-12:00/14:00-19:00' });
  Object.assign(sites[3], { jours: 'sam', horaires: '09:00-20:00' });

  const demandes: Demande[] = [];
  for (let i = 1; i <= 320; i++) {
    const site = rnd() < 0.6 ? 'S-BLOIS' : rnd() < 0.7 ? 'S-VENDOME' : 'S-ROMO';
    const sud = site === 'S-ROMO';
    const demande = iso(day('2025-01-01') + int(0, sud ? 50 : 58));
    const rdv = rnd() < 0.85 ? iso(day(demande) + Math.floor(rnd() * rnd() * 45)) : '';
    // Without an appointment, a request may be closed or passed on; with one, it may be closed after it.
    const issue = rdv ? pick(['en_cours', 'en_cours', 'oriente_interne', 'clos']) : pick(['en_cours', 'en_cours', 'en_cours', 'sans_suite', 'clos', 'oriente_partenaire']);
    demandes.push({ id: `D${i}`, site, demande, rdv: rdv && rdv <= (sud ? '2025-02-24' : '2025-03-05') ? rdv : '', motif: pick(['insertion', 'logement', 'budget', 'sante']), canal: pick(['accueil', 'telephone']), commune: pick(communes).code, issue, producteur: sud ? 'test-sud' : 'test' });
  }
  // Worked by hand. The date of « test »'s data D is 2025-03-10 (H0's appointment, the latest date
  // in its file); « test-sud »'s is 2025-02-24 (H20's appointment, random ones end by then).
  // December 2024 holds only H1–H11, all at S-VENDOME: the cells S-VENDOME, Nord and 41 for 2024-12
  // and 2024 are these requests alone.
  //   H1 5 days, H2 H3 H11 10 days (H11 then closed: still an appointment), H4 15, H5 20: events;
  //   H6 sans_suite, H7 clos, H8 oriente_partenaire, none with an appointment: left out, not waiting;
  //   H9 H10 (2024-12-20, en_cours, no appointment): waiting at D, 11 + 31 + 28 + 10 = 80 days.
  // Pending: H9 and H10 count in S-VENDOME's pending requests at D (80 days each); H6–H8 do not.
  // Kaplan–Meier over 8 requests (6 events, 2 censored at 80): S(5) = 7/8; S(10) = 7/8 × (1 − 3/7)
  //   = 4/8 = 0.5 → median 10 days; S(15) = 0.5 × 3/4 = 0.375; S(20) = 0.375 × 2/3 = 0.25; then
  //   only censored times: S stays 0.25 > 0.1, so the 90th percentile is « non atteint » (no value).
  //   Dropping the waiting requests (the old definition) gave a p90 of 17.5 days.
  // H20 at S-ROMO (test-sud), asked 2025-02-10, waiting: 14 days at test-sud's D (2025-02-24), not
  //   the 28 days it would have at test's D.
  const hand = (id: string, site: string, demande: string, rdv: string, issue: string): Demande =>
    ({ id, site, demande, rdv, motif: 'logement', canal: 'accueil', commune: '41269', issue, producteur: site === 'S-ROMO' ? 'test-sud' : 'test' });
  demandes.push(
    hand('H0', 'S-BLOIS', '2025-02-27', '2025-03-10', 'en_cours'),
    hand('H1', 'S-VENDOME', '2024-12-02', '2024-12-07', 'en_cours'),
    hand('H2', 'S-VENDOME', '2024-12-02', '2024-12-12', 'en_cours'),
    hand('H3', 'S-VENDOME', '2024-12-02', '2024-12-12', 'oriente_interne'),
    hand('H4', 'S-VENDOME', '2024-12-02', '2024-12-17', 'en_cours'),
    hand('H5', 'S-VENDOME', '2024-12-02', '2024-12-22', 'en_cours'),
    hand('H6', 'S-VENDOME', '2024-12-02', '', 'sans_suite'),
    hand('H7', 'S-VENDOME', '2024-12-02', '', 'clos'),
    hand('H8', 'S-VENDOME', '2024-12-02', '', 'oriente_partenaire'),
    hand('H9', 'S-VENDOME', '2024-12-20', '', 'en_cours'),
    hand('H10', 'S-VENDOME', '2024-12-20', '', 'en_cours'),
    hand('H11', 'S-VENDOME', '2024-12-02', '2024-12-12', 'clos'),
    hand('H20', 'S-ROMO', '2025-02-10', '', 'en_cours'),
    hand('H21', 'S-ROMO', '2025-02-10', '2025-02-24', 'en_cours'),
  );
  const rsa: Rsa[] = [];
  for (let i = 1; i <= 90; i++) {
    const versement = iso(day('2025-01-01') + int(0, 58));
    rsa.push({ pseudo: `p${i}`, commune: pick(communes).code, versement, orientation: rnd() < 0.9 ? iso(day(versement) + int(5, 70)) : '', referent: rnd() < 0.8 });
  }
  // First appointments and contracts, drawn apart so that the hand-made entrants below keep their values.
  for (const r of rsa) {
    // Capped at 2025-06-30, the date of the RSA data worked by hand below.
    const rdv = r.orientation && rnd() < 0.8 ? iso(day(r.orientation) + int(0, 30)) : '';
    const contrat = rdv && rnd() < 0.7 ? iso(day(rdv) + int(0, 40)) : '';
    r.rdv = rdv <= '2025-06-30' ? rdv : '';
    r.contrat = r.rdv && contrat <= '2025-06-30' ? contrat : '';
  }
  // Worked by hand. The date of the RSA data D is 2025-06-30 (P5's orientation, the latest date in
  // the file; random orientations end by 2025-05-09). October 2024 holds only P1–P4, all at Vendôme
  // (Nord): the cells Nord and 41 for 2024-10 and 2024 are these four.
  //   Orientation (Kaplan–Meier): P4 10 days, P1 40, P2 70; P3 not oriented, censored at 272 days.
  //   S(10) = 3/4, S(40) = 3/4 × 2/3 = 1/2 → median 40 days (effectif 4).
  //   Within 2 months (60 days, all four past their window): P1 and P4 → 2/4 = 50 %.
  //   Référent unique (120 days, all four past their window): P1, P2, P4 → 3/4 = 75 %.
  //   First appointment (Kaplan–Meier): P4 15 days, P1 50; P2 and P3 none, censored at 272:
  //   S(15) = 3/4, S(50) = 3/4 × 2/3 = 1/2 → median 50 days. Within 30 days: P4 → 1/4 = 25 %.
  //   Contract (120 days): P1 and P4 → 2/4 = 50 %.
  // P5 (2025-04-20, oriented after 71 days): past its 60-day window, not oriented within it → the
  //   2025-04 cells of « orientés dans les 2 mois » are 0/1; within its 120-day window → no 2025-04
  //   cell for the référent unique. P6 (2025-05-15, 46 days at D): in no share, censored at 46 days
  //   in the delays (median « non atteint » for 2025-05).
  const pr = (pseudo: string, commune: string, versement: string, orientation: string, referent: boolean, rdv = '', contrat = ''): Rsa =>
    ({ pseudo, commune, versement, orientation, referent, rdv, contrat });
  rsa.push(
    pr('P1', '41269', '2024-10-01', '2024-11-10', true, '2024-11-20', '2024-12-15'),
    pr('P2', '41269', '2024-10-01', '2024-12-10', true),
    pr('P3', '41269', '2024-10-01', '', false),
    pr('P4', '41269', '2024-10-15', '2024-10-25', true, '2024-10-30', '2024-11-30'),
    pr('P5', '41018', '2025-04-20', '2025-06-30', true),
    pr('P6', '41018', '2025-05-15', '', true),
  );
  const effectifs: Effectif[] = [];
  for (const mois of ['2025-01', '2025-02']) {
    for (const site of sites.slice(0, 3)) {
      for (const metier of ['assistant_social', 'cesf', 'agent_accueil']) {
        const ouverts = int(2, 6);
        effectifs.push({ mois, site: site.id, metier, etp: int(10, 50) / 10, ouverts, vacants: int(0, 2), fileActive: int(20, 140) });
      }
    }
  }
  const aides: Aide[] = [];
  for (let i = 1; i <= 70; i++) {
    const demande = iso(day('2024-11-01') + int(0, 110));
    aides.push({ id: `A${i}`, ccas: rnd() < 0.7 ? '41018' : '41295', demande, decision: rnd() < 0.85 ? iso(day(demande) + int(0, 25)) : '', type: pick(['energie', 'alimentaire', 'transport']) });
  }
  // Decided aids are granted or refused; a granted one may have no amount (aid in kind).
  for (const a of aides) {
    a.statut = !a.decision ? 'en_cours' : rnd() < 0.8 ? 'accordee' : 'refusee';
    a.montant = a.statut === 'accordee' && rnd() < 0.85 ? int(20, 400) : null;
  }
  const caf: Caf[] = [];
  for (const mois of ['2025-01', '2025-02']) {
    for (const c of communes) {
      const n = Math.round((c.population * (0.01 + rnd() * 0.03)) / 5) * 5;
      // The CAF masks small counts.
      caf.push({ mois, commune: c.code, prestation: 'RSA', foyers: n < 10 ? null : n });
      caf.push({ mois, commune: c.code, prestation: 'PPA', foyers: n * 2 });
      caf.push({ mois, commune: c.code, prestation: 'AL', foyers: n * 3 });
    }
  }
  const repondants: Repondant[] = [];
  for (let i = 1; i <= 60; i++) {
    repondants.push({
      id: `R${i}`, date: iso(day('2025-03-01') + int(0, 30)), codePostal: pick(['41000', '41100', '41200', '41350', '41000']),
      profil: pick(['usager', 'usager', 'professionnel', 'elu']), q1: pick(['Oui', 'Non']),
      q2: ['A', 'B', 'C'].filter(() => rnd() < 0.5), q3: rnd() < 0.3 ? 'Plus de permanences' : '',
      questionnaire: 'test-2025', export: 'consultation_test_2025.csv',
    });
  }
  // Age bands and a satisfaction scale (1–5, not always answered), drawn apart from the rest.
  for (const r of repondants) {
    r.age = pick(['moins_25', '25_39', '40_54', '65_plus']);
    r.q4 = rnd() < 0.8 ? int(1, 5) : null;
  }
  // Worked by hand. A cumulative re-export in April repeats R1–R10 (Q1 answered the other way now)
  // and adds R61–R64: test-2025 has 64 respondents, not 74, and R1–R10 count with their April answers.
  // Another questionnaire, test-bis, numbers its 12 respondents from R1 too: they are 12 others
  // (76 respondents in all), never joined with test-2025's R1–R12.
  for (const r of repondants.slice(0, 10)) {
    repondants.push({ ...r, date: '2025-04-02', q1: r.q1 === 'Oui' ? 'Non' : 'Oui', export: 'consultation_test_2025-04.csv' });
  }
  for (let i = 61; i <= 64; i++) {
    repondants.push({ id: `R${i}`, date: '2025-04-03', codePostal: '41000', profil: 'usager', q1: 'Oui', q2: ['A'], q3: '', questionnaire: 'test-2025', export: 'consultation_test_2025-04.csv', age: '25_39', q4: 5 });
  }
  for (let i = 1; i <= 12; i++) {
    repondants.push({ id: `R${i}`, date: '2025-05-10', codePostal: '41200', profil: i <= 6 ? 'usager' : 'elu', q1: i <= 4 ? 'Souvent' : 'Jamais', q2: [], q3: '', questionnaire: 'test-bis', export: 'consultation_test-bis_2025.csv', age: '55_64', q4: null });
  }
  // The schéma's other fields, drawn after the rest so that the sources above keep their values.
  // Each file's date of data is its latest date (no extraction date is given).
  const apa: Apa[] = [];
  for (let i = 1; i <= 90; i++) {
    const depot = iso(day('2024-10-01') + int(0, 170));
    const complet = rnd() < 0.9 ? iso(day(depot) + int(0, 40)) : '';
    const decision = complet && rnd() < 0.8 ? iso(day(complet) + int(10, 90)) : '';
    const lieu = rnd() < 0.6 ? 'domicile' : 'etablissement';
    const gir = decision || rnd() < 0.3 ? String(int(1, 6)) : '';
    const statut = !decision ? 'en_cours' : rnd() < 0.08 ? 'sans_suite' : Number(gir) <= 4 ? 'accordee' : 'refusee';
    // A few people ask twice (a revision): pseudonyms P1–P60.
    apa.push({ id: `AP${i}`, pseudo: `P${int(1, 60)}`, commune: pick(communes).code, depot, complet, decision, lieu, gir, statut });
  }
  const mdph: Mdph[] = [];
  for (let i = 1; i <= 110; i++) {
    const depot = iso(day('2024-09-01') + int(0, 200));
    const decision = rnd() < 0.75 ? iso(day(depot) + int(20, 200)) : '';
    mdph.push({ id: `M${i}`, commune: pick(communes).code, depot, decision, prestation: pick(['pch', 'aah', 'rqth', 'cmi']), statut: !decision ? 'en_cours' : rnd() < 0.05 ? 'sans_suite' : rnd() < 0.8 ? 'accordee' : 'refusee' });
  }
  const ips: Ip[] = [];
  for (let i = 1; i <= 70; i++) {
    const reception = iso(day('2024-10-01') + int(0, 180));
    const fin = rnd() < 0.8 ? iso(day(reception) + int(2, 150)) : '';
    ips.push({ id: `IP${i}`, commune: pick(communes).code, reception, fin, issue: fin ? pick(['classement', 'accompagnement', 'saisine_juge']) : 'en_cours' });
  }
  const mesures: Mesure[] = [];
  for (const mois of ['2025-01', '2025-02', '2025-03']) {
    for (const territoire of ['Nord', 'Sud']) {
      for (const type of ['accueil_familial', 'accueil_etablissement', 'aemo']) mesures.push({ mois, territoire, type, mesures: int(0, 40) });
    }
    // A territory the territories file does not know: counted nowhere.
    mesures.push({ mois, territoire: 'Ailleurs', type: 'aed', mesures: 30 });
  }
  const fsl: Fsl[] = [];
  for (let i = 1; i <= 80; i++) {
    const demande = iso(day('2024-11-01') + int(0, 120));
    const decision = rnd() < 0.85 ? iso(day(demande) + int(3, 60)) : '';
    const statut = !decision ? 'en_cours' : rnd() < 0.8 ? 'accordee' : 'refusee';
    fsl.push({ id: `F${i}`, commune: pick(communes).code, demande, decision, type: pick(['acces', 'energie', 'eau']), statut, montant: statut === 'accordee' && rnd() < 0.9 ? int(5000, 90000) / 100 : null });
  }
  return { communes, sites, demandes, rsa, effectifs, aides, caf, repondants, apa, mdph, ips, mesures, fsl };
}
export type Dataset = ReturnType<typeof makeDataset>;

/** Every source as a delivery in the inbox, one folder per source, UTF-8 with semicolons. */
export function writeDataset(inbox: string, d: Dataset): void {
  const write = (source: string, name: string, header: string[], rows: (string | number | null)[][]) => {
    mkdirSync(path.join(inbox, source), { recursive: true });
    const text = [header.join(';'), ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(';'))].join('\n') + '\n';
    writeFileSync(path.join(inbox, source, name), text);
  };
  write('territoires', 'territoires_test_2025.csv', ['code_commune', 'territoire'], d.communes.map((c) => [c.code, c.territoire]));
  write('sites', 'sites_test_2025.csv', ['site_id', 'nom', 'type', 'code_commune', 'latitude', 'longitude', 'gestionnaire', 'territoire', 'date_ouverture', 'date_fermeture', 'jours', 'horaires'],
    d.sites.map((s) => [s.id, `Maison ${s.id}`, 'maison_departementale', s.commune, s.lat, s.lon, 'departement', s.territoire, s.ouverture, s.fermeture, s.jours ?? '', s.horaires ?? '']));
  for (const producteur of ['test', 'test-sud']) {
    write('sls_demandes', `sls_demandes_${producteur}_2025-02.csv`, ['demande_id', 'usager_pseudo', 'site_id', 'date_demande', 'date_premier_rdv', 'motif', 'canal', 'commune_residence', 'tranche_age', 'issue'],
      d.demandes.filter((r) => r.producteur === producteur).map((r) => [r.id, `u${r.id}`, r.site, r.demande, r.rdv, r.motif, r.canal, r.commune, '25_39', r.issue]));
  }
  write('rsa_parcours', 'rsa_parcours_test_2025-02.csv', ['usager_pseudo', 'commune_residence', 'date_premier_versement', 'date_orientation', 'type_orientation', 'date_premier_rdv', 'referent_unique', 'date_contrat', 'date_sortie'],
    d.rsa.map((r) => [r.pseudo, r.commune, r.versement, r.orientation, r.orientation ? 'sociale' : '', r.rdv ?? '', r.referent ? 'oui' : 'non', r.contrat ?? '', '']));
  write('effectifs', 'effectifs_test_2025-02.csv', ['mois', 'site_id', 'metier', 'etp', 'postes_ouverts', 'postes_vacants', 'file_active'],
    d.effectifs.map((e) => [e.mois, e.site, e.metier, e.etp, e.ouverts, e.vacants, e.fileActive]));
  write('ccas_aides', 'ccas_aides_test_2025.csv', ['aide_id', 'ccas_commune', 'usager_pseudo', 'commune_residence', 'date_demande', 'date_decision', 'type_aide', 'decision', 'montant_eur'],
    d.aides.map((a) => [a.id, a.ccas, `v${a.id}`, a.ccas, a.demande, a.decision, a.type, a.statut!, a.montant ?? null]));
  write('caf_allocataires', 'caf_allocataires_test_2025-02.csv', ['mois', 'code_commune', 'prestation', 'foyers', 'personnes_couvertes'],
    d.caf.map((c) => [c.mois, c.commune, c.prestation, c.foyers, c.foyers === null ? null : c.foyers * 2]));
  write('apa_demandes', 'apa_demandes_test_2025.csv', ['demande_id', 'usager_pseudo', 'commune_residence', 'tranche_age_pa', 'date_depot', 'date_dossier_complet', 'date_decision', 'lieu', 'gir', 'decision'],
    d.apa.map((a) => [a.id, a.pseudo, a.commune, '85_plus', a.depot, a.complet, a.decision, a.lieu, a.gir, a.statut]));
  write('mdph_demandes', 'mdph_demandes_test_2025.csv', ['demande_id', 'usager_pseudo', 'commune_residence', 'tranche_age', 'date_depot', 'date_decision', 'prestation', 'decision'],
    d.mdph.map((m) => [m.id, `w${m.id}`, m.commune, '40_54', m.depot, m.decision, m.prestation, m.statut]));
  write('ase_informations_preoccupantes', 'ase_informations_preoccupantes_test_2025.csv', ['ip_id', 'commune_residence', 'tranche_age_enfant', 'date_reception', 'date_fin_evaluation', 'issue'],
    d.ips.map((i) => [i.id, i.commune, '6_10', i.reception, i.fin, i.issue]));
  write('ase_mesures', 'ase_mesures_test_2025.csv', ['mois', 'territoire', 'type_mesure', 'mesures'], d.mesures.map((m) => [m.mois, m.territoire, m.type, m.mesures]));
  write('fsl_aides', 'fsl_aides_test_2025.csv', ['aide_id', 'usager_pseudo', 'commune_residence', 'date_demande', 'date_decision', 'type_aide', 'decision', 'montant_eur'],
    d.fsl.map((f) => [f.id, `f${f.id}`, f.commune, f.demande, f.decision, f.type, f.statut, f.montant]));
  mkdirSync(path.join(inbox, 'consultation'), { recursive: true });
  writeFileSync(path.join(inbox, 'consultation', 'questionnaire_test-2025.yaml'), [
    'questionnaire: test-2025', 'titre: Consultation de test', 'questions:',
    '  - id: Q1', '    libelle: Avez-vous renoncé à un droit ?', '    type: choix_unique', '    reponses: [Oui, Non]',
    '  - id: Q2', '    libelle: Quels services connaissez-vous ?', '    type: choix_multiple', '    reponses: [A, B, C]',
    '  - id: Q3', '    libelle: Que faudrait-il améliorer ?', '    type: texte_libre',
    '  - id: Q4', '    libelle: Êtes-vous satisfait de l’accueil ?', '    type: echelle', '    min: 1', '    max: 5', '',
  ].join('\n'));
  for (const name of ['consultation_test_2025.csv', 'consultation_test_2025-04.csv']) {
    write('consultation', name, ['reponse_id', 'date_reponse', 'code_postal', 'profil', 'tranche_age', 'Q1 - Avez-vous renoncé à un droit ?', 'Q2 - Quels services connaissez-vous ?', 'Q3 - Que faudrait-il améliorer ?', 'Q4 - Êtes-vous satisfait de l’accueil ?'],
      d.repondants.filter((r) => r.export === name).map((r) => [r.id, r.date, r.codePostal, r.profil, r.age!, r.q1, r.q2.join('|'), r.q3, r.q4 ?? null]));
  }
  writeFileSync(path.join(inbox, 'consultation', 'questionnaire_test-bis.yaml'), [
    'questionnaire: test-bis', 'titre: Autre consultation de test', 'questions:',
    '  - id: Q5', '    libelle: Renoncez-vous à des soins ?', '    type: choix_unique', '    reponses: [Souvent, Jamais]', '',
  ].join('\n'));
  write('consultation', 'consultation_test-bis_2025.csv', ['reponse_id', 'date_reponse', 'code_postal', 'profil', 'tranche_age', 'Q5 - Renoncez-vous à des soins ?'],
    d.repondants.filter((r) => r.questionnaire === 'test-bis').map((r) => [r.id, r.date, r.codePostal, r.profil, r.age!, r.q1]));
}
