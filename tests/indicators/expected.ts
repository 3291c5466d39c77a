// The expected value of every indicator on the hand-made dataset, computed in plain TypeScript
// from the objects the deliveries were written from: another route than the SQL models.
import { distanceKm } from '../../pipelines/reference/geo.ts';
import { daysBetween, type Dataset } from './dataset.ts';
import { quantileKM, type Duree } from './km.ts';
import { loadIndicators } from '../../pipelines/assets/indicators.ts';

export interface Expected { valeur: number | null; numerateur?: number | null; denominateur?: number | null; effectif: number | null }
export type Cells = Map<string, Expected>;

export const key = (niveau: string, code: string, periode: string, dimension = '', modalite = '') => [niveau, code, periode, dimension, modalite].join('|');

/** Linear interpolation between order statistics, as DuckDB's quantile_cont. */
export function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.ceil(pos)] - s[lo]) * (pos - lo);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const DEP = '41';

/** Groups items under every key that `keys` gives for them. */
function groupBy<T>(items: T[], keys: (t: T) => string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) for (const k of keys(t)) out.set(k, [...(out.get(k) ?? []), t]);
  return out;
}

const mapValues = <T>(groups: Map<string, T[]>, f: (items: T[]) => Expected): Cells => new Map([...groups].map(([k, v]) => [k, f(v)]));

/** The dates of the data: per producer of requests (each judged at its own), and the sites file's. */
export interface DataDates { sls: Record<string, string>; sites: string; rsa: string; ccas: string; caseloadJobs: string[] }

export function expectedIndicators(d: Dataset, dates: DataDates): Record<string, Cells> {
  const siteOf = new Map(d.sites.map((s) => [s.id, s]));
  const communeOf = new Map(d.communes.map((c) => [c.code, c]));
  const popTerritoire = (t: string) => sum(d.communes.filter((c) => c.territoire === t).map((c) => c.population));
  const popDep = sum(d.communes.map((c) => c.population));

  // Requests: each counts at its site, territory and département, by month and by year.
  const geoSite = (site: string) => [['site', site], ['territoire', siteOf.get(site)!.territoire], ['departement', DEP]];
  const periods = (date: string) => [date.slice(0, 7), date.slice(0, 4)];
  const requestKeys = (r: (typeof d.demandes)[number], dims: [string, string][]) =>
    geoSite(r.site).flatMap(([niveau, code]) => periods(r.demande).flatMap((p) =>
      [['', ''] as [string, string], ...(niveau === 'site' ? [] : dims)].map(([dim, mod]) => key(niveau, code, p, dim, mod))));

  const medianCells = (q: number) => kmCells(d.demandes, rdvDuree, (r) => requestKeys(r, [['motif', r.motif]]), q);

  // Waiting times as time-to-event: an appointment seen by D is an event, a pending request is
  // censored at its wait so far, the others (closed or passed on without one) are left out.
  const kmCells = <T>(items: T[], duree: (t: T) => Duree | null, keys: (t: T) => string[], q: number): Cells => {
    const inSet = items.filter((t) => duree(t) !== null);
    return mapValues(groupBy(inSet, keys), (ts) => ({ valeur: quantileKM(ts.map((t) => duree(t)!), q), effectif: ts.length }));
  };
  const rdvDuree = (r: (typeof d.demandes)[number]): Duree | null => {
    const D = dates.sls[r.producteur];
    if (r.rdv && r.rdv <= D) return { jours: daysBetween(r.demande, r.rdv), evenement: true };
    if (r.issue === 'en_cours' && r.demande <= D) return { jours: daysBetween(r.demande, D), evenement: false };
    return null;
  };
  // Each request is judged at the date of its producer's data D; the pending cells are dated by the latest D.
  const dateOf = (r: (typeof d.demandes)[number]) => dates.sls[r.producteur];
  const latestSls = Object.values(dates.sls).sort().at(-1)!;
  // Shares judged on a window count only the entries whose window has closed by D; the window is
  // read from the indicator's header, so a header that disagrees with its SQL fails the test.
  const windows = new Map(loadIndicators().map((i) => [i.entry.id, i.entry.fenetre_jours]));
  const fenetre = (id: string) => windows.get(id)!;
  // ... and publish a period only once the window of all its entries is over (département-wide).
  const completeCohorts = <T, V>(cells: Map<string, V>, items: T[], periodsOf: (t: T) => string[], elapsed: (t: T) => boolean) => {
    const incomplete = new Set(items.filter((t) => !elapsed(t)).flatMap(periodsOf));
    return new Map([...cells].filter(([k]) => !incomplete.has(k.split('|')[2])));
  };
  const pending = d.demandes.filter((r) => r.issue === 'en_cours' && r.demande <= dateOf(r) && (!r.rdv || r.rdv > dateOf(r)));
  const pendingKeys = (r: (typeof pending)[number]) => geoSite(r.site).map(([n, c]) => key(n, c, latestSls));

  const effectifsKeys = (e: (typeof d.effectifs)[number], levels: string[]) =>
    [['site', e.site], ['territoire', siteOf.get(e.site)!.territoire], ['departement', DEP]].filter(([n]) => levels.includes(n)).map(([n, c]) => key(n, c, e.mois));
  const population = (niveau: string, code: string) => (niveau === 'territoire' ? popTerritoire(code) : niveau === 'commune' ? communeOf.get(code)!.population : popDep);

  const rsaKeys = (r: (typeof d.rsa)[number]) =>
    [['territoire', communeOf.get(r.commune)!.territoire], ['departement', DEP]].flatMap(([n, c]) => periods(r.versement).map((p) => key(n, c, p)));
  const rsaShare = (id: string, yes: (r: (typeof d.rsa)[number]) => boolean) => completeCohorts(
    mapValues(groupBy(d.rsa, rsaKeys), (rs) => ratio(rs.filter(yes).length, rs.length, 100, rs.length)),
    d.rsa, (r) => periods(r.versement), (r) => daysBetween(r.versement, dates.rsa) >= fenetre(id));

  const cafRsa = d.caf.filter((c) => c.prestation === 'RSA');
  const cafKeys = (c: (typeof cafRsa)[number]) =>
    [['commune', c.commune], ['territoire', communeOf.get(c.commune)!.territoire], ['departement', DEP]].map(([n, code]) => key(n, code, c.mois));

  const cafKeysByBenefit = (c: (typeof d.caf)[number]) =>
    [['commune', c.commune], ['territoire', communeOf.get(c.commune)!.territoire], ['departement', DEP]].map(([n, code]) => key(n, code, c.mois, 'prestation', c.prestation));
  const households = (k: string, cs: typeof d.caf): [string, Expected] => {
    const [niveau, code] = k.split('|');
    const known = cs.filter((c) => c.foyers !== null).map((c) => c.foyers!);
    const foyers = known.length ? sum(known) : null;
    return [k, { valeur: foyers === null ? null : (1000 * foyers) / population(niveau, code), numerateur: foyers, denominateur: population(niveau, code), effectif: foyers ?? 0 }];
  };

  const aideKeys = (a: (typeof d.aides)[number]) =>
    [['commune', a.ccas], ['departement', DEP]].flatMap(([n, c]) => [key(n, c, a.demande.slice(0, 4)), key(n, c, a.demande.slice(0, 4), 'type_aide', a.type)]);

  // Proximity: a commune is near when an open site lies within 2 km of its centre.
  const open = d.sites.filter((s) => s.ouverture <= dates.sites && (!s.fermeture || s.fermeture > dates.sites));
  const near = new Set(d.communes.filter((c) => open.some((s) => distanceKm(c, s) <= 2)).map((c) => c.code));
  const proximityKeys = (c: (typeof d.communes)[number]) => [key('commune', c.code, dates.sites), key('territoire', c.territoire, dates.sites), key('departement', DEP, dates.sites)];

  // Travel times with no timetable (so no public-transport figure): straight lines with a 1.3
  // detour, 4.8 km/h on foot (20 min), 60 km/h by road (30 min), to
  // the sites open on the day studied: the first Tuesday from the sites' date of data.
  const tuesday = (() => {
    const t = new Date(`${dates.sites}T00:00:00Z`);
    t.setUTCDate(t.getUTCDate() + ((2 - t.getUTCDay() + 7) % 7));
    return t.toISOString().slice(0, 10);
  })();
  const openThatDay = d.sites.filter((s) => s.ouverture <= tuesday && (!s.fermeture || s.fermeture > tuesday));
  const reachKm = (minutes: number, kmh: number) => (minutes / 60) * kmh / 1.3;
  const travelCells = (km: number): Cells => {
    const near = new Set(d.communes.filter((c) => openThatDay.some((s) => distanceKm(c, s) <= km)).map((c) => c.code));
    const keys = (c: (typeof d.communes)[number]) => [['commune', c.code], ['territoire', c.territoire], ['departement', DEP]]
      .flatMap(([n, code]) => [key(n, code, tuesday), key(n, code, tuesday, 'type_lieu', 'maison_departementale')]);
    return new Map([...groupBy(d.communes, keys)].map(([k, cs]) => {
      const pop = sum(cs.map((c) => c.population));
      return [k, ratio(sum(cs.filter((c) => near.has(c.code)).map((c) => c.population)), pop, 100, null)];
    }));
  };

  const TERRITORIES = new Set(d.communes.map((c) => c.territoire));
  // Respondents: a postal code shared by communes of several territories is « plusieurs territoires ».
  const territoryOfPostal = (cp: string) => {
    const ts = new Set(d.communes.filter((c) => c.codesPostaux.includes(cp)).map((c) => c.territoire));
    return ts.size === 1 ? [...ts][0] : ts.size > 1 ? 'plusieurs territoires' : 'hors département';
  };
  const respondentKeys = (r: (typeof d.repondants)[number]) =>
    [['territoire', territoryOfPostal(r.codePostal)], ['departement', DEP]].flatMap(([n, c]) =>
      [key(n, c, r.date.slice(0, 4)), key(n, c, r.date.slice(0, 4), 'profil', r.profil), key(n, c, r.date.slice(0, 4), 'tranche_age', r.age!)]);
  const answerKeys = (r: (typeof d.repondants)[number]) => (r.questionnaire === 'test-bis'
    ? [key('departement', DEP, r.date.slice(0, 4), 'Q5', r.q1)]
    : [key('departement', DEP, r.date.slice(0, 4), 'Q1', r.q1), ...r.q2.map((a) => key('departement', DEP, r.date.slice(0, 4), 'Q2', a)),
      ...(r.q4 == null ? [] : [key('departement', DEP, r.date.slice(0, 4), 'Q4', String(r.q4))])]);
  // A respondent is a questionnaire and its id; a later export of the same questionnaire replaces an earlier one's version.
  const latest = new Map<string, (typeof d.repondants)[number]>();
  for (const r of d.repondants) latest.set(`${r.questionnaire}|${r.id}`, r);
  const respondents = [...latest.values()];

  const count = (rs: unknown[]) => ({ valeur: rs.length, effectif: rs.length });
  const ratio = (num: number, den: number, scale: number, effectif: number | null): Expected => ({ valeur: den ? (scale * num) / den : null, numerateur: num, denominateur: den, effectif });

  // The schéma's other fields: by territory of residence and département; each file judged at its
  // own date of data, its latest date.
  const latestOf = (dates: string[]) => dates.filter(Boolean).sort().at(-1)!;
  const residence = (commune: string) => [['territoire', communeOf.get(commune)!.territoire], ['departement', DEP]];
  const cellKeys = (commune: string, ps: string[], dims: [string, string][]) =>
    residence(commune).flatMap(([n, c]) => ps.flatMap((p) => [['', ''] as [string, string], ...dims].map(([dim, mod]) => key(n, c, p, dim, mod))));
  const decided = (statut: string) => statut === 'accordee' || statut === 'refusee';
  const share = (items: { ok: boolean }[]) => ratio(items.filter((x) => x.ok).length, items.length, 100, items.length);

  const dApa = latestOf(d.apa.flatMap((a) => [a.depot, a.complet, a.decision]));
  const apaKeys = (a: (typeof d.apa)[number]) => cellKeys(a.commune, periods(a.complet), [['lieu', a.lieu]]);
  // A person granted twice in a year counts once, where and as the latest decision says.
  const apaGrants = new Map<string, (typeof d.apa)[number] & { periode: string }>();
  for (const a of d.apa.filter((x) => x.statut === 'accordee' && x.decision <= dApa)) {
    for (const periode of periods(a.decision)) {
      const k = `${a.pseudo}|${periode}`;
      const before = apaGrants.get(k);
      if (!before || `${a.decision}${a.id}` > `${before.decision}${before.id}`) apaGrants.set(k, { ...a, periode });
    }
  }
  const dMdph = latestOf(d.mdph.flatMap((m) => [m.depot, m.decision]));
  const mdphKeys = (m: (typeof d.mdph)[number]) => cellKeys(m.commune, periods(m.depot), [['prestation', m.prestation]]);
  const dIp = latestOf(d.ips.flatMap((i) => [i.reception, i.fin]));
  const ipKeys = (i: (typeof d.ips)[number]) => cellKeys(i.commune, periods(i.reception), []);
  const dFsl = latestOf(d.fsl.flatMap((f) => [f.demande, f.decision]));
  const fslKeys = (f: (typeof d.fsl)[number]) => cellKeys(f.commune, [f.demande.slice(0, 4)], [['type_aide', f.type]]);
  const perThousand = (k: string, n: number) => {
    const [niveau, code] = k.split('|');
    return ratio(n, population(niveau, code), 1000, n);
  };
  const schema: Record<string, Cells> = {
    apa_delai_instruction_median: kmCells(d.apa.filter((a) => a.complet && a.complet <= dApa), (a) => (a.decision && a.decision <= dApa && decided(a.statut)
      ? { jours: daysBetween(a.complet, a.decision), evenement: true }
      : a.statut === 'en_cours' ? { jours: daysBetween(a.complet, dApa), evenement: false } : null), apaKeys, 0.5),
    apa_part_decidees_2_mois: mapValues(groupBy(d.apa.filter((a) => a.complet && daysBetween(a.complet, dApa) >= fenetre('apa_part_decidees_2_mois') && a.statut !== 'sans_suite'), apaKeys),
      (as) => share(as.map((a) => ({ ok: decided(a.statut) && daysBetween(a.complet, a.decision) <= fenetre('apa_part_decidees_2_mois') })))),
    apa_beneficiaires_pour_1000_hab: new Map([...groupBy([...apaGrants.values()], (a) => cellKeys(a.commune, [a.periode], [['gir', `gir_${a.gir}`], ['lieu', a.lieu]]))]
      .map(([k, as]) => [k, perThousand(k, as.length)])),
    mdph_delai_decision_median: kmCells(d.mdph, (m) => (m.decision && m.decision <= dMdph && decided(m.statut)
      ? { jours: daysBetween(m.depot, m.decision), evenement: true }
      : m.statut === 'en_cours' ? { jours: daysBetween(m.depot, dMdph), evenement: false } : null), mdphKeys, 0.5),
    mdph_part_decidees_4_mois: mapValues(groupBy(d.mdph.filter((m) => daysBetween(m.depot, dMdph) >= fenetre('mdph_part_decidees_4_mois') && m.statut !== 'sans_suite'), mdphKeys),
      (ms) => share(ms.map((m) => ({ ok: decided(m.statut) && daysBetween(m.depot, m.decision) <= fenetre('mdph_part_decidees_4_mois') })))),
    ase_ip_delai_evaluation_median: kmCells(d.ips, (i) => (i.fin
      ? { jours: daysBetween(i.reception, i.fin), evenement: true }
      : { jours: daysBetween(i.reception, dIp), evenement: false }), ipKeys, 0.5),
    ase_ip_part_evaluees_3_mois: mapValues(groupBy(d.ips.filter((i) => daysBetween(i.reception, dIp) >= fenetre('ase_ip_part_evaluees_3_mois')), ipKeys),
      (is) => share(is.map((i) => ({ ok: Boolean(i.fin) && daysBetween(i.reception, i.fin) <= fenetre('ase_ip_part_evaluees_3_mois') })))),
    ase_mesures_pour_1000_hab: new Map([...groupBy(d.mesures.filter((m) => TERRITORIES.has(m.territoire)), (m) =>
      [['territoire', m.territoire], ['departement', DEP]].flatMap(([n, c]) => [key(n, c, m.mois), key(n, c, m.mois, 'type_mesure', m.type)]))]
      .map(([k, ms]) => [k, perThousand(k, sum(ms.map((m) => m.mesures)))])),
    fsl_aides_accordees: mapValues(groupBy(d.fsl.filter((f) => f.statut === 'accordee'), fslKeys), count),
    fsl_montant_median: mapValues(groupBy(d.fsl.filter((f) => f.statut === 'accordee' && f.montant !== null), fslKeys),
      (fs) => ({ valeur: quantile(fs.map((f) => f.montant!), 0.5), effectif: fs.length })),
    fsl_delai_decision_median: kmCells(d.fsl, (f) => (f.decision && f.decision <= dFsl
      ? { jours: daysBetween(f.demande, f.decision), evenement: true }
      : { jours: daysBetween(f.demande, dFsl), evenement: false }), fslKeys, 0.5),
  };

  return {
    ...schema,
    delai_premier_rdv_median: medianCells(0.5),
    delai_premier_rdv_p90: medianCells(0.9),
    // Every request received counts: one closed without an appointment was not seen within 15 days.
    part_rdv_sous_15j: completeCohorts(mapValues(groupBy(d.demandes, (r) => requestKeys(r, [['motif', r.motif]])), (rs) => {
      const within = rs.filter((r) => r.rdv && r.rdv <= dateOf(r) && daysBetween(r.demande, r.rdv) <= fenetre('part_rdv_sous_15j')).length;
      return ratio(within, rs.length, 100, rs.length);
    }), d.demandes, (r) => periods(r.demande), (r) => daysBetween(r.demande, dateOf(r)) >= fenetre('part_rdv_sous_15j')),
    demandes_en_attente: mapValues(groupBy(pending, pendingKeys), count),
    demandes_en_attente_anciennete_mediane: mapValues(groupBy(pending, pendingKeys), (rs) => ({ valeur: quantile(rs.map((r) => daysBetween(r.demande, dateOf(r))), 0.5), effectif: rs.length })),
    demandes_recues: mapValues(groupBy(d.demandes, (r) => requestKeys(r, [['motif', r.motif], ['canal', r.canal]])), count),
    etp_pour_10000_hab: new Map([...groupBy(d.effectifs, (e) => effectifsKeys(e, ['territoire', 'departement']).flatMap((k) => [k, k.replace(/\|\|$/, `|metier|${e.metier}`)]))].map(([k, es]) => {
      const [niveau, code] = k.split('|');
      return [k, ratio(sum(es.map((e) => e.etp)), population(niveau, code), 10_000, null)];
    })),
    // Caseload over the ETP of the jobs that carry one (the setting), not of every job.
    file_active_par_etp: mapValues(groupBy(d.effectifs.filter((e) => dates.caseloadJobs.includes(e.metier)), (e) => effectifsKeys(e, ['site', 'territoire', 'departement'])), (es) =>
      ratio(sum(es.map((e) => e.fileActive)), sum(es.map((e) => e.etp)), 1, sum(es.map((e) => e.fileActive)))),
    taux_vacance: mapValues(groupBy(d.effectifs, (e) => effectifsKeys(e, ['territoire', 'departement'])), (es) =>
      ratio(sum(es.map((e) => e.vacants)), sum(es.map((e) => e.ouverts)), 100, null)),
    foyers_rsa_pour_1000_hab: new Map([...groupBy(cafRsa, cafKeys)].map(([k, cs]) => households(k, cs))),
    allocataires_pour_1000_hab: new Map([...groupBy(d.caf.filter((c) => ['RSA', 'PPA', 'AAH'].includes(c.prestation)), cafKeysByBenefit)].map(([k, cs]) => households(k, cs))),
    // Nobody leaves the scheme in the test data: an entrant not oriented by D is censored.
    rsa_delai_orientation_median: kmCells(d.rsa, (r) => (r.orientation && r.orientation <= dates.rsa
      ? { jours: daysBetween(r.versement, r.orientation), evenement: true }
      : { jours: daysBetween(r.versement, dates.rsa), evenement: false }), rsaKeys, 0.5),
    rsa_part_referent_unique: rsaShare('rsa_part_referent_unique', (r) => r.referent),
    rsa_delai_premier_rdv_median: kmCells(d.rsa, (r) => (r.rdv && r.rdv <= dates.rsa
      ? { jours: daysBetween(r.versement, r.rdv), evenement: true }
      : { jours: daysBetween(r.versement, dates.rsa), evenement: false }), rsaKeys, 0.5),
    rsa_part_rdv_30j: rsaShare('rsa_part_rdv_30j', (r) => !!r.rdv && daysBetween(r.versement, r.rdv) <= fenetre('rsa_part_rdv_30j')),
    rsa_part_contrat: rsaShare('rsa_part_contrat', (r) => !!r.contrat && r.contrat <= dates.rsa),
    rsa_part_orientes_2_mois: rsaShare('rsa_part_orientes_2_mois', (r) => !!r.orientation && daysBetween(r.versement, r.orientation) <= fenetre('rsa_part_orientes_2_mois')),
    ccas_aides_accordees: mapValues(groupBy(d.aides.filter((a) => a.statut === 'accordee'), aideKeys), count),
    ccas_montant_accorde: mapValues(groupBy(d.aides.filter((a) => a.statut === 'accordee' && a.montant != null), aideKeys),
      (as) => ({ valeur: sum(as.map((a) => a.montant!)), effectif: as.length })),
    // An aid without a decision is delivered as en_cours: censored at D.
    ccas_delai_decision_median: kmCells(d.aides, (a) => (a.decision && a.decision <= dates.ccas
      ? { jours: daysBetween(a.demande, a.decision), evenement: true }
      : { jours: daysBetween(a.demande, dates.ccas), evenement: false }), aideKeys, 0.5),
    population_a_moins_de_2km: new Map([...groupBy(d.communes, proximityKeys)].map(([k, cs]) => {
      const pop = sum(cs.map((c) => c.population));
      return [k, ratio(sum(cs.filter((c) => near.has(c.code)).map((c) => c.population)), pop, 100, null)];
    })),
    part_population_proche_a_pied: travelCells(reachKm(20, 4.8)),
    part_lieux_ouverts_soir_samedi: (() => {
      const known = open.filter((s) => s.jours && s.horaires);
      const soir = (s: (typeof known)[number]) => s.horaires!.split('/').some((p) => p.split('-')[1] > '18:00');
      const samedi = (s: (typeof known)[number]) => s.jours!.split(',').includes('sam');
      const keys = (s: (typeof known)[number]) => [['territoire', s.territoire], ['departement', DEP]].flatMap(([n, c]) =>
        [key(n, c, dates.sites), key(n, c, dates.sites, 'critere', 'soir'), key(n, c, dates.sites, 'critere', 'samedi')]);
      return new Map([...groupBy(known, keys)].map(([k, ss]) => {
        const test = k.endsWith('|soir') ? soir : k.endsWith('|samedi') ? samedi : (s: (typeof known)[number]) => soir(s) || samedi(s);
        return [k, ratio(ss.filter(test).length, ss.length, 100, null)];
      }));
    })(),
    // Near (within 2 km) a site open in the evening or on Saturday: Vendôme's commune only (Romorantin's site is 5.5 km away).
    population_proche_soir_samedi: (() => {
      const late = open.filter((s) => (s.jours ?? '').split(',').includes('sam') || (s.horaires ?? '').split('/').some((p) => (p.split('-')[1] ?? '') > '18:00'));
      const nearLate = new Set(d.communes.filter((c) => late.some((s) => distanceKm(c, s) <= 2)).map((c) => c.code));
      return new Map([...groupBy(d.communes, proximityKeys)].map(([k, cs]) => {
        const pop = sum(cs.map((c) => c.population));
        return [k, ratio(sum(cs.filter((c) => nearLate.has(c.code)).map((c) => c.population)), pop, 100, null)];
      }));
    })(),
    // No site of the test is a food-aid point: every commune is without one.
    communes_sans_aide_alimentaire: new Map([...groupBy(d.communes, (c) => [key('territoire', c.territoire, dates.sites), key('departement', DEP, dates.sites)])]
      .map(([k, cs]) => [k, { valeur: cs.length, numerateur: cs.length, denominateur: cs.length, effectif: null }])),
    part_population_proche_transport_commun: new Map(),
    part_population_proche_route: travelCells(reachKm(30, 60)),
    repondants_consultation: mapValues(groupBy(respondents, respondentKeys), count),
    reponses_consultation: mapValues(groupBy(respondents, answerKeys), count),
    // Over the respondents of the question: those with at least one answer to it.
    reponses_consultation_part: new Map([...groupBy(respondents, answerKeys)].map(([k, rs]) => {
      const question = k.split('|')[3];
      const asked = new Set(respondents.flatMap((r) => answerKeys(r).filter((x) => x.split('|')[3] === question && x.split('|')[2] === k.split('|')[2]).map(() => `${r.questionnaire}|${r.id}`)));
      return [k, ratio(rs.length, asked.size, 100, rs.length)];
    })),
    consultation_moyenne_echelle: mapValues(groupBy(respondents.filter((r) => r.questionnaire === 'test-2025' && r.q4 != null), (r) => [key('departement', DEP, r.date.slice(0, 4), 'Q4')]),
      (rs) => ({ valeur: sum(rs.map((r) => r.q4!)) / rs.length, effectif: rs.length })),
    // Residents only: a postal code over several territories counts for the département, none outside it.
    repondants_pour_1000_hab: (() => {
      const residents = respondents.filter((r) => territoryOfPostal(r.codePostal) !== 'hors département');
      const keys = (r: (typeof residents)[number]) => [
        ...(TERRITORIES.has(territoryOfPostal(r.codePostal)) ? [key('territoire', territoryOfPostal(r.codePostal), r.date.slice(0, 4))] : []),
        key('departement', DEP, r.date.slice(0, 4))];
      return new Map([...groupBy(residents, keys)].map(([k, rs]) => {
        const [niveau, code] = k.split('|');
        return [k, ratio(rs.length, population(niveau, code), 1000, rs.length)];
      }));
    })(),
  };
}
