// `consultation`: the citizen consultation of the schéma, about 800 respondents at scale 1, as
// the « Mon avis citoyen » platform exports it (UTF-8 with BOM, `,`, ISO dates, one column per
// question), with the description of its questionnaire. A few free texts hold an e-mail, a
// phone number or an address, which the import must scrub.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { Questionnaire } from '../../contracts/questionnaire.ts';
import { CsvWriter, FRENCH_UTF8, type Dialect } from '../csv.ts';
import { dayOf } from '../calendar.ts';
import type { Demo } from '../context.ts';
import { deliveryName } from '../output.ts';
import { People } from '../people.ts';
import { Rng, Weighted } from '../../random.ts';
import { wordingOf } from '../sites.ts';

/** Respondents at scale 1 (Loir-et-Cher's consultation: about 800 citizens). */
export const RESPONDENTS = 800;
const PLATFORM: Dialect = { ...FRENCH_UTF8, delimiter: ',', dates: 'iso', decimal: '.' };

const NEEDS = ['Logement', 'Emploi et insertion', 'Santé', 'Mobilité', 'Accès au numérique', 'Garde d’enfants', 'Aide aux aidants', 'Alimentation'];

/** The services a respondent may know: the département's own under its local name. */
const servicesOf = (departement: string) => [wordingOf(departement).maison, 'CCAS de ma commune', 'France Services', 'CAF', 'Aucun'];

export function questionnaireOf(departement: string, year: number): Questionnaire {
  const SERVICES = servicesOf(departement);
  return {
    questionnaire: `schema-solidarites-${departement.toLowerCase()}-${year}`,
    titre: `Consultation citoyenne du schéma unique des solidarités (${year})`,
    questions: [
      { id: 'Q1', libelle: 'Quels services d’aide connaissez-vous ?', type: 'choix_multiple', reponses: SERVICES, obligatoire: false },
      { id: 'Q2', libelle: 'Avez-vous renoncé à une aide ou à un droit au cours des 12 derniers mois ?', type: 'choix_unique', reponses: ['Oui', 'Non', 'Ne sait pas'], obligatoire: true },
      { id: 'Q3', libelle: 'Combien de temps vous faut-il pour rejoindre un lieu d’accueil social ?', type: 'choix_unique', reponses: ['Moins de 15 minutes', 'De 15 à 30 minutes', 'Plus de 30 minutes', 'Je ne sais pas'], obligatoire: false },
      { id: 'Q4', libelle: 'Quels sont vos besoins prioritaires ? (trois au plus)', type: 'choix_multiple', reponses: NEEDS, obligatoire: false },
      { id: 'Q5', libelle: 'Êtes-vous satisfait de l’accueil reçu, de 1 (pas du tout) à 5 (tout à fait) ?', type: 'echelle', min: 1, max: 5, obligatoire: false },
      { id: 'Q6', libelle: 'À quel moment un accueil vous conviendrait-il le mieux ?', type: 'choix_unique', reponses: ['En semaine, en journée', 'En semaine, après 18 h', 'Le samedi matin', 'Sans préférence'], obligatoire: false },
      { id: 'Q7', libelle: 'Que faudrait-il améliorer en priorité ?', type: 'texte_libre', obligatoire: false },
    ],
  };
}

const PROFILES = ['usager', 'proche_aidant', 'professionnel', 'elu', 'partenaire', 'autre'] as const;
const PROFILE_SHARES = [45, 15, 20, 5, 8, 7];
// Respondents of a consultation are older than the people who ask for help.
const AGE_SHARES = [6, 22, 30, 20, 20, 2];

// Free answers are put together from pieces, as people write them.
const LEADS = ['Il faudrait ', 'Il faudrait ', 'Je souhaiterais ', 'Pour ma part, il faudrait ', 'Franchement, il faudrait ', 'Depuis mon déménagement, je voudrais ', 'Comme aidante, je voudrais '];
const WISHES = [
  'des permanences le soir ou le samedi, je travaille en journée',
  'un bus qui passe plus souvent dans les villages',
  'moins de délai pour avoir un rendez-vous avec l’assistante sociale',
  'un seul interlocuteur au lieu de raconter dix fois la même chose',
  'de l’aide pour les démarches en ligne, tout est sur internet maintenant',
  'plus de places en crèche et chez les assistantes maternelles',
  'que les papiers de la CAF soient plus simples à remplir',
  'un accueil sans rendez-vous près de chez moi',
  'des logements sociaux plus nombreux, l’attente est trop longue',
  'du soutien pour les aidants, on est épuisés',
  'des informations claires sur les aides auxquelles on a droit',
  'un point d’aide alimentaire plus proche, sans voiture c’est impossible',
  'que les professionnels aient le temps de nous écouter',
  'plus de médecins, il faut attendre des mois',
];
const CLOSINGS = ['.', '.', '.', ' !', '. Merci pour cette consultation.', '…', '. C’est urgent.'];
// A few answers give a way to be contacted, which must not be stored as given (numbers from the
// ranges ARCEP keeps for fiction, a reserved e-mail domain).
const CONTACTS = [
  ' Vous pouvez me joindre au 06 39 98 42 17.',
  ' Mon adresse : 12 rue des Lilas si besoin.',
  ' Écrivez-moi à camille.martin@example.org',
  ' Rappelez-moi au 02.61.91.11.60 svp',
];

export async function writeConsultation(demo: Demo): Promise<void> {
  const rng = new Rng(demo.options.seed, 'consultation');
  // Held from February to mid-April of the last year covered (the year before, if that is not over yet).
  const finYear = Number(demo.options.fin.slice(0, 4));
  const year = dayOf(finYear, 4, 15) <= demo.last ? finYear : finYear - 1;
  const questionnaire = questionnaireOf(demo.dep.code, year);
  // The questionnaire is described first: the export is read with it.
  const description = demo.out.start('consultation', `questionnaire_${questionnaire.questionnaire}.yaml`);
  writeFileSync(description, `# Description du questionnaire « ${questionnaire.titre} »\n${stringify(questionnaire)}`);
  demo.out.commit(description, { source: 'consultation', producteur: 'mon-avis-citoyen', periode: String(year), rows: questionnaire.questions.length });

  const opened = dayOf(year, 2, 3);
  const closed = Math.min(opened + 70, demo.extraction);
  const n = Math.max(40, Math.round(RESPONDENTS * demo.options.scale));
  const communes = new Weighted(demo.dep.communes.map((c) => (c.codesPostaux.length > 0 ? c.population ** 0.95 : 0)));
  const profiles = new Weighted(PROFILE_SHARES);
  const ages = new Weighted(AGE_SHARES);
  const producteur = 'mon-avis-citoyen';
  const partial = demo.out.start('consultation', deliveryName('consultation', producteur, String(year), 'csv'));
  const header = ['reponse_id', 'date_reponse', 'code_postal', 'profil', 'tranche_age', ...questionnaire.questions.map((q) => `${q.id} - ${q.libelle}`)];
  const csv = new CsvWriter(partial, PLATFORM, header, [opened, closed]);
  for (let i = 0; i < n; i++) {
    const commune = demo.dep.communes[communes.draw(rng)];
    // Answers come in waves: many at the launch and after the reminder of week five.
    const wave = rng.chance(0.45) ? rng.int(10) : rng.chance(0.4) ? 35 + rng.int(10) : rng.int(closed - opened);
    const day = Math.min(closed, opened + wave);
    const profile = profiles.draw(rng);
    const user = profile <= 1;
    // Far from a town, people say it takes longer to get anywhere.
    const rural = commune.population < 2000;
    const cells = [
      `R${String(i + 1).padStart(5, '0')}`,
      csv.day(day),
      rng.pick(commune.codesPostaux),
      PROFILES[profile],
      People.ages[ages.draw(rng)],
      choose(rng, servicesOf(demo.dep.code).slice(0, 4), user ? 0.55 : 0.8, 'Aucun'),
      rng.pick(user ? ['Oui', 'Oui', 'Non', 'Non', 'Ne sait pas'] : ['Oui', 'Non', 'Non', 'Ne sait pas']),
      rng.chance(0.08) ? '' : rng.pick(rural ? ['Moins de 15 minutes', 'De 15 à 30 minutes', 'Plus de 30 minutes', 'Plus de 30 minutes', 'Je ne sais pas'] : ['Moins de 15 minutes', 'Moins de 15 minutes', 'De 15 à 30 minutes', 'Plus de 30 minutes', 'Je ne sais pas']),
      pickSome(rng, NEEDS, rural ? [2, 3, 2, 4, 2, 1, 1.5, 1.5] : [4, 3, 2.5, 1.5, 2, 2, 1.5, 1.5], 1 + rng.int(3)),
      rng.chance(0.15) ? '' : String(Math.min(5, Math.max(1, Math.round(3.3 + 1.1 * rng.normal())))),
      rng.chance(0.1) ? '' : rng.pick(['En semaine, en journée', 'En semaine, après 18 h', 'En semaine, après 18 h', 'Le samedi matin', 'Sans préférence']),
      rng.chance(0.45) ? freeText(rng) : '',
    ];
    await csv.row(cells.map((c) => csv.cell(c)));
  }
  await csv.close();
  demo.out.commit(partial, { source: 'consultation', producteur, periode: String(year), rows: csv.rows });
}

/** Each service known with probability p; none known gives `none`. */
function choose(rng: Rng, values: string[], p: number, none: string): string {
  const chosen = values.filter(() => rng.chance(p));
  return chosen.length > 0 ? chosen.join('|') : none;
}

/** `count` different values, drawn by weight, in the questionnaire's order. */
function pickSome(rng: Rng, values: string[], weights: number[], count: number): string {
  const left = [...weights];
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, values.length)) {
    const i = new Weighted(left).draw(rng);
    chosen.add(i);
    left[i] = 0;
  }
  return [...chosen].sort((a, b) => a - b).map((i) => values[i]).join('|');
}

function freeText(rng: Rng): string {
  let text = `${rng.pick(LEADS)}${rng.pick(WISHES)}${rng.pick(CLOSINGS)}`;
  if (rng.chance(0.2)) text += ` Et aussi ${rng.pick(WISHES)}.`;
  // Some write on two lines.
  if (rng.chance(0.03)) text += '\nBon courage à vous.';
  if (rng.chance(0.03)) text += rng.pick(CONTACTS);
  return text;
}
