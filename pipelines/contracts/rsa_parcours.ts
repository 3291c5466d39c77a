import { communeCode, date, oneOf, optional, text, yesNo } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';

export const rsaParcours = defineContract({
  source: 'rsa_parcours',
  row: 'l’entrée d’un bénéficiaire dans le RSA',
  personLevel: true,
  key: ['usager_pseudo', 'date_premier_versement'],
  periodColumn: 'date_premier_versement',
  shape: {
    usager_pseudo: text('Pseudonyme opaque du bénéficiaire (haché à nouveau avec une clé secrète au chargement)'),
    commune_residence: communeCode('Code INSEE de la commune de résidence (COG)'),
    date_premier_versement: date('Date du premier versement du RSA'),
    date_orientation: optional(date('Date de la décision d’orientation (vide si pas encore orienté)')),
    type_orientation: optional(oneOf(['sociale', 'professionnelle', 'socio_professionnelle'], 'Type d’orientation')),
    date_premier_rdv: optional(date('Date du premier rendez-vous avec le référent (vide si aucun encore)')),
    referent_unique: yesNo('Un référent unique est-il désigné ? (oui/non, majuscules indifférentes)'),
    date_contrat: optional(date('Date de signature du contrat (CER ou PPAE), vide si aucun')),
    date_sortie: optional(date('Date de sortie du RSA (vide si toujours bénéficiaire)')),
  },
});
export type RsaParcours = RowOf<typeof rsaParcours>;
