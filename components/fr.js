// French formatting and labels for every page and component: Evidence's own formats have no
// locale (decimal point, English months). Intl's fr-FR is in Node (prerender) and Chromium alike.

import MENU from './menu.json';

export const SECRET = 'secret statistique';
export const ABSENT = 'non disponible';
export const NON_ATTEINT = 'non atteint';

/** Kaplan–Meier quantiles (sql/intermediate/int_kaplan_meier.sql): a cell with no value means the
 *  quantile was not reached (too many still waiting), not that the figure is missing or secret. */
const QUANTILES_KM = new Set(['delai_premier_rdv_median', 'delai_premier_rdv_p90', 'rsa_delai_orientation_median', 'rsa_delai_premier_rdv_median', 'ccas_delai_decision_median',
  'apa_delai_instruction_median', 'mdph_delai_decision_median', 'ase_ip_delai_evaluation_median', 'fsl_delai_decision_median']);
const vide = (indicateur) => (QUANTILES_KM.has(indicateur) ? NON_ATTEINT : ABSENT);

const MOIS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const MOIS_COURTS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

/** Units counted in whole numbers; every other unit (days, rates, %) shows one decimal. */
// Days are medians and quantiles of whole days: « 28 jours », never « 28,0 jours ».
const UNITES_ENTIERES = new Set(['jours', 'demandes', 'répondants', 'foyers', 'personnes', 'habitants', 'lignes', 'sites', 'aides', 'euros', 'communes']);

const formats = new Map();
function format(decimales) {
  if (!formats.has(decimales)) {
    formats.set(decimales, new Intl.NumberFormat('fr-FR', { minimumFractionDigits: decimales, maximumFractionDigits: decimales }));
  }
  return formats.get(decimales);
}

const manque = (v) => v === null || v === undefined || v === '' || Number.isNaN(Number(v));

/** 12345.6 → « 12 345,6 » (narrow no-break space between thousands). */
export function nombre(v, decimales = 0) {
  return manque(v) ? ABSENT : format(decimales).format(Number(v));
}

export const decimales = (unite) => (UNITES_ENTIERES.has(unite) ? 0 : 1);

/** A published value as shown in a table cell: masked cells say so, never 0 nor blank; an
 *  unreached quantile says « non atteint » when the indicator is given. */
export function valeur(v, unite, secret = false, indicateur = '') {
  if (secret) return SECRET;
  if (manque(v)) return vide(indicateur);
  return unite === '%' ? `${nombre(v, 1)}\u202f%` : nombre(v, decimales(unite));
}

const SINGULIERS = { jours: 'jour', aides: 'aide', euros: 'euro', demandes: 'demande', répondants: 'répondant', foyers: 'foyer', personnes: 'personne', habitants: 'habitant' };

/** A unit agreed with its number, as French does: plural from 2 (« 1,5 jour », « 2 jours »). */
export function accord(unite, n) {
  if (!unite || Math.abs(Number(n)) >= 2) return unite ?? '';
  const [premier, ...reste] = unite.split(' ');
  return [SINGULIERS[premier] ?? premier, ...reste].join(' ');
}

/** The same with its unit: « 12,5 jours », « 48,3 % ». */
export function valeurUnite(v, unite, secret = false, indicateur = '') {
  const texte = valeur(v, unite, secret, indicateur);
  if (secret || manque(v) || unite === '%' || !unite) return texte;
  return `${texte} ${accord(unite, v)}`;
}

/** Counts of people or things: their change also reads as a percentage. */
const COMPTES = new Set(['demandes', 'répondants', 'foyers', 'personnes', 'aides', 'euros', 'communes', 'sites']);

/** A change between two values, signed, in the unit that reads naturally: « +2 jours », « −0,3 point »,
 *  « +718 demandes (+3,2 %) ». */
export function ecart(v, avant, unite) {
  if (manque(v) || manque(avant)) return null;
  const d = Number(v) - Number(avant);
  const n = decimales(unite);
  const arrondi = Number(d.toFixed(n));
  if (arrondi === 0) return 'stable';
  const signe = (x) => (x > 0 ? '+' : '\u2212');
  const texte = `${signe(arrondi)}${nombre(Math.abs(d), n)}`;
  if (unite === '%') return `${texte}\u00a0point${Math.abs(arrondi) >= 2 ? 's' : ''}`;
  const relatif = COMPTES.has(unite) && Number(avant) > 0 ? d / Number(avant) * 100 : null;
  const part = relatif === null || Number(relatif.toFixed(1)) === 0 ? '' : ` (${signe(relatif)}${nombre(Math.abs(relatif), 1)}\u202f%)`;
  return (unite ? `${texte} ${accord(unite, arrondi)}` : texte) + part;
}

/** Whether a change is good for the people concerned, from the indicator's `sens` (hausse: more is
 *  better; baisse: less is better): « favorable », « défavorable », or null (no direction, no change
 *  once rounded as shown). */
export function tendance(v, avant, unite, sens) {
  if (!sens || manque(v) || manque(avant)) return null;
  const d = Number((Number(v) - Number(avant)).toFixed(decimales(unite)));
  if (d === 0) return null;
  return (d > 0) === (sens === 'hausse') ? 'favorable' : 'défavorable';
}

// Evidence hands a NULL date to the pages as the epoch: no published date is 1 January 1970.
function enDate(d) {
  if (d === null || d === undefined || d === '') return null;
  if (d instanceof Date) return Number.isNaN(d.getTime()) || d.getTime() === 0 ? null : d;
  if (typeof d === 'number') return new Date(d);
  const texte = String(d);
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(texte) ? `${texte}T00:00:00Z` : texte);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Whether a published date is there (a NULL one reaches the pages as the epoch). */
export const dateConnue = (d) => enDate(d) !== null;

const deux = (n) => String(n).padStart(2, '0');

/** « 15/01/2025 » */
export function dateCourte(d) {
  const date = enDate(d);
  return date ? `${deux(date.getUTCDate())}/${deux(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}` : ABSENT;
}

/** « 15 janvier 2025 » */
export function dateLongue(d) {
  const date = enDate(d);
  if (!date) return ABSENT;
  const jour = date.getUTCDate();
  return `${jour === 1 ? '1er' : jour} ${MOIS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

const JOURS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/** « mardi 2 septembre 2025 » */
export function jourLong(d) {
  const date = enDate(d);
  return date ? `${JOURS[date.getUTCDay()]} ${dateLongue(d)}` : ABSENT;
}

/** « janvier 2025 » */
export function moisAnnee(d) {
  const date = enDate(d);
  return date ? `${MOIS[date.getUTCMonth()]} ${date.getUTCFullYear()}` : ABSENT;
}

/** « janv. 2025 », for chart axes. */
export function moisCourt(d) {
  const date = enDate(d);
  return date ? `${MOIS_COURTS[date.getUTCMonth()]} ${date.getUTCFullYear()}` : '';
}

/** A published period: « 2025 », « janvier 2025 » or « 05/01/2026 ». */
export function periode(p) {
  const texte = p === null || p === undefined ? '' : String(p);
  if (/^\d{4}$/.test(texte)) return texte;
  if (/^\d{4}-\d{2}$/.test(texte)) return `${MOIS[Number(texte.slice(5, 7)) - 1]} ${texte.slice(0, 4)}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(texte)) return dateCourte(texte);
  return texte;
}

/** A published period as a Date (first day of the month or year), for chart axes. */
export function debutPeriode(p) {
  const texte = String(p ?? '');
  if (/^\d{4}$/.test(texte)) return new Date(Date.UTC(Number(texte), 0, 1));
  if (/^\d{4}-\d{2}/.test(texte)) return new Date(Date.UTC(Number(texte.slice(0, 4)), Number(texte.slice(5, 7)) - 1, texte.length > 7 ? Number(texte.slice(8, 10)) : 1));
  return null;
}

// The menu (the dashboard's header and the server's pages share it): pages before the themes, the
// themes by their catalogue id (a theme with no page of its own is null), pages after.
export const THEMES = MENU.themes;

/** The pages with a theme of their own, in the menu's order. */
export const PAGES_THEMES = Object.values(THEMES).filter((t) => t.page);

export const PAGES = [...MENU.avant, ...PAGES_THEMES, ...MENU.apres];

const SOURCES = {
  sls_demandes: 'demandes aux services sociaux du département',
  sites: 'référentiel des lieux d’accueil',
  territoires: 'référentiel des territoires',
  caf_allocataires: 'allocataires de la CAF',
  rsa_parcours: 'parcours des allocataires du RSA (département)',
  effectifs: 'effectifs des services du département',
  ccas_aides: 'demandes d’aide aux CCAS',
  consultation: 'consultation citoyenne « Mon avis citoyen »',
  apa_demandes: 'demandes d’allocation personnalisée d’autonomie (APA)',
  mdph_demandes: 'demandes à la MDPH',
  ase_informations_preoccupantes: 'informations préoccupantes (protection de l’enfance)',
  ase_mesures: 'mesures de protection de l’enfance',
  fsl_aides: 'demandes d’aide au fonds de solidarité pour le logement (FSL)',
  drees: 'DREES (comparaisons nationales)',
};

/** « sls_demandes, sites » → « demandes aux services sociaux du département ; référentiel des lieux d’accueil » */
export function sources(liste, { drees = false } = {}) {
  const ids = String(liste ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (drees && !ids.includes('drees')) ids.push('drees');
  return ids.map((id) => SOURCES[id] ?? id).join(' ; ');
}

export const NIVEAUX = { commune: 'commune', site: 'site', territoire: 'territoire', departement: 'département', france: 'France' };

const MODALITES = {
  acces_droits: 'accès aux droits', autonomie: 'autonomie', budget: 'budget', enfance_famille: 'enfance et famille',
  handicap: 'handicap', insertion: 'insertion', logement: 'logement', sante: 'santé', violences: 'violences', autre: 'autre',
  accueil: 'accueil', telephone: 'téléphone', en_ligne: 'en ligne', itinerant: 'itinérant',
  usager: 'usager', elu: 'élu', partenaire: 'partenaire', proche_aidant: 'proche aidant', professionnel: 'professionnel',
  alimentaire: 'alimentaire', energie: 'énergie', hygiene: 'hygiène', telephonie: 'téléphonie', transport: 'transport',
  maison_departementale: 'maison départementale', france_services: 'France Services', antenne: 'antenne', permanence: 'permanence',
  RSA: 'RSA', PPA: 'prime d’activité', AAH: 'AAH',
  aide_alimentaire: 'aide alimentaire', ccas: 'CCAS', pmi: 'PMI', association: 'association', departement: 'département',
  domicile: 'à domicile', etablissement: 'en établissement',
  gir_1: 'GIR 1', gir_2: 'GIR 2', gir_3: 'GIR 3', gir_4: 'GIR 4', gir_5: 'GIR 5', gir_6: 'GIR 6',
  pch: 'PCH', rqth: 'RQTH', cmi: 'carte mobilité inclusion', orientation_esms: 'orientation en établissement ou service médico-social', aeeh: 'AEEH',
  accueil_familial: 'accueil familial', accueil_etablissement: 'accueil en établissement', aed: 'aide éducative à domicile',
  aemo: 'action éducative en milieu ouvert', jeune_majeur: 'jeunes majeurs',
  acces: 'accès au logement', maintien: 'maintien dans le logement', eau: 'eau',
  agent_accueil: 'agent d’accueil', assistant_social: 'assistant de service social', auxiliaire_pmi: 'auxiliaire de PMI',
  cesf: 'conseiller en économie sociale et familiale', conseiller_insertion: 'conseiller en insertion', medecin: 'médecin',
  puericultrice: 'puéricultrice', secretaire_medico_social: 'secrétaire médico-social',
  moins_25: 'moins de 25 ans', '25_39': '25 à 39 ans', '40_54': '40 à 54 ans', '55_64': '55 à 64 ans', '65_plus': '65 ans et plus',
};

/** Breakdowns by their published name (column `dimension` of indicateurs). */
const DIMENSIONS = {
  canal: 'canal', critere: 'critère', gir: 'GIR', lieu: 'lieu', metier: 'métier', motif: 'motif', prestation: 'prestation',
  profil: 'profil', tranche_age: 'tranche d’âge', type_aide: 'type d’aide', type_lieu: 'type de lieu', type_mesure: 'type de mesure',
};

/** A breakdown's value in words: « enfance_famille » → « enfance et famille ». */
export function modalite(m) {
  const texte = String(m ?? '');
  return MODALITES[texte] ?? texte.replaceAll('_', ' ');
}

/**
 * A breakdown in words: « type_aide » → « type d’aide »; a question of the consultation (« Q4 ») by its
 * text when `questions` (question_id → libelle) gives it.
 */
export function dimension(d, questions = new Map()) {
  const texte = String(d ?? '');
  return questions.get(texte) ?? DIMENSIONS[texte] ?? texte.replaceAll('_', ' ');
}

/** « aide alimentaire » → « Aide alimentaire », at the head of a line. */
export const majuscule = (texte) => (texte ? texte.charAt(0).toUpperCase() + texte.slice(1) : texte);

/**
 * The keys of a published cell, as data attributes of the element that shows it: a test finds the
 * cell in published.duckdb by them and checks the figure shown.
 */
export function attributsCellule(r) {
  return {
    'data-indicateur': r.indicateur, 'data-niveau': r.niveau, 'data-code': r.code, 'data-periode': r.periode,
    'data-dimension': r.dimension ?? '', 'data-modalite': r.modalite ?? '', 'data-unite': r.unite,
  };
}

/** Rows of an Evidence query (a reactive array-like) or of a plain array. */
export function lignes(data) {
  if (!data) return [];
  try {
    return Array.from(data);
  } catch {
    return [];
  }
}

/** « Territoire de Vendôme » → « territoire-de-vendome »: a name or code as a path segment. */
export function slug(texte) {
  return String(texte ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The templated pages: one per indicator, territory and site. */
export const LIENS = {
  indicateur: (id) => `/indicateurs/${id}/`,
  territoire: (nom) => `/territoires/${slug(nom)}/`,
  site: (id) => `/sites/${slug(id)}/`,
};

/** An engagement's status in words and a symbol, never by colour alone. */
export const STATUTS = {
  atteint: { symbole: '✔', classe: 'atteint' },
  'en bonne voie': { symbole: '↗', classe: 'bonne-voie' },
  'en retard': { symbole: '!', classe: 'retard' },
  'non mesurable': { symbole: '?', classe: 'non-mesurable' },
};

/** « au plus 12 jours d’ici décembre 2026 », « au moins 66,7 % d’ici 2027 ». */
export function cibleTexte(e, unite) {
  const sens = e.sens === 'au_plus' ? 'au plus' : 'au moins';
  return `${sens} ${valeurUnite(e.cible, unite)} d’ici ${periode(e.echeance)}`;
}
