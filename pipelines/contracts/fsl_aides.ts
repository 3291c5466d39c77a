import { communeCode, date, decimal, oneOf, optional, text } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';

export const fslAides = defineContract({
  source: 'fsl_aides',
  row: 'une demande d’aide au fonds de solidarité pour le logement (FSL)',
  personLevel: true,
  key: ['aide_id'],
  periodColumn: 'date_demande',
  ordered: [['date_demande', 'date_decision']],
  shape: {
    aide_id: text('Identifiant de la demande au FSL'),
    usager_pseudo: text('Pseudonyme opaque du ménage (haché à nouveau avec une clé secrète au chargement)'),
    commune_residence: communeCode('Code INSEE de la commune de résidence (COG)'),
    date_demande: date('Date de la demande'),
    date_decision: optional(date('Date de la décision (vide si en cours)')),
    type_aide: oneOf(['acces', 'maintien', 'energie', 'eau', 'autre'], 'Type d’aide : accès au logement, maintien dans les lieux, énergie, eau, autre'),
    decision: oneOf(['accordee', 'refusee', 'en_cours'], 'Décision'),
    montant_eur: optional(decimal('Montant accordé en euros (espace ou espace insécable admis comme séparateur de milliers)')),
  },
});
export type FslAide = RowOf<typeof fslAides>;
