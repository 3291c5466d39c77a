import { communeCode, date, oneOf, omissible, postalCode, text } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';
import { TRANCHES_AGE } from './shared.ts';

export const consultation = defineContract({
  source: 'consultation',
  row: 'une personne ayant répondu à un questionnaire',
  personLevel: true,
  key: ['reponse_id'],
  periodColumn: 'date_reponse',
  atLeastOne: [['code_postal', 'code_commune']],
  questions: true,
  notes: [
    'Puis une colonne par question, intitulée `Qn - texte de la question` et décrite par le fichier du questionnaire (voir plus bas).',
    'Plusieurs choix dans une cellule sont séparés par `|`.',
    'Les réponses en texte libre sont gardées après remplacement des e-mails, téléphones, NIR et adresses par « [donnée personnelle retirée] » ; l’import dit combien de réponses ont été nettoyées.',
  ],
  shape: {
    reponse_id: text('Identifiant de la réponse sur la plateforme'),
    date_reponse: date('Date de la réponse'),
    code_postal: omissible(postalCode('Code postal donné par la personne (ou code_commune)')),
    code_commune: omissible(communeCode('Code INSEE de la commune (ou code_postal)')),
    profil: oneOf(['usager', 'proche_aidant', 'professionnel', 'elu', 'partenaire', 'autre'], 'Profil de la personne'),
    tranche_age: oneOf(TRANCHES_AGE, 'Tranche d’âge'),
  },
});
export type ConsultationReponse = RowOf<typeof consultation>;
