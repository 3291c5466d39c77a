import { communeCode, date, decimal, oneOf, optional, text } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';

export const ccasAides = defineContract({
  source: 'ccas_aides',
  row: 'une demande d’aide adressée à un CCAS',
  personLevel: true,
  key: ['aide_id'],
  periodColumn: 'date_demande',
  shape: {
    aide_id: text('Identifiant de la demande d’aide chez le CCAS'),
    ccas_commune: communeCode('Code INSEE de la commune du CCAS (COG)'),
    usager_pseudo: text('Pseudonyme opaque de la personne (haché à nouveau avec une clé secrète au chargement)'),
    commune_residence: communeCode('Code INSEE de la commune de résidence (COG)'),
    date_demande: date('Date de la demande'),
    date_decision: optional(date('Date de la décision (vide si en cours)')),
    type_aide: oneOf(['energie', 'alimentaire', 'telephonie', 'hygiene', 'logement', 'transport', 'sante', 'autre'], 'Type d’aide'),
    decision: oneOf(['accordee', 'refusee', 'en_cours'], 'Décision'),
    montant_eur: optional(decimal('Montant accordé en euros (espace ou espace insécable admis comme séparateur de milliers)')),
  },
});
export type CcasAide = RowOf<typeof ccasAides>;
