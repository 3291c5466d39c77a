import { communeCode, date, oneOf, optional, text } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';

export const aseInformationsPreoccupantes = defineContract({
  source: 'ase_informations_preoccupantes',
  row: 'une information préoccupante reçue au sujet d’un enfant',
  personLevel: true,
  key: ['ip_id'],
  periodColumn: 'date_reception',
  ordered: [['date_reception', 'date_fin_evaluation']],
  notes: ['L’évaluation d’une information préoccupante doit être menée dans les trois mois (recommandation HAS et décret du 28 octobre 2016).'],
  shape: {
    ip_id: text('Identifiant de l’information préoccupante à la cellule départementale (CRIP)'),
    commune_residence: communeCode('Code INSEE de la commune de résidence de l’enfant (COG)'),
    tranche_age_enfant: oneOf(['0_2', '3_5', '6_10', '11_15', '16_17', '18_20'], 'Tranche d’âge de l’enfant'),
    date_reception: date('Date de réception de l’information'),
    date_fin_evaluation: optional(date('Date de fin de l’évaluation (vide si elle est en cours)')),
    issue: oneOf(['classement', 'accompagnement', 'mesure_administrative', 'saisine_juge', 'en_cours'], 'Suite donnée à l’évaluation'),
  },
});
export type AseInformationPreoccupante = RowOf<typeof aseInformationsPreoccupantes>;
