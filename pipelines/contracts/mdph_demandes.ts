import { communeCode, date, oneOf, optional, text } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';
import { TRANCHES_AGE } from './shared.ts';

export const mdphDemandes = defineContract({
  source: 'mdph_demandes',
  row: 'une demande adressée à la maison départementale des personnes handicapées (MDPH)',
  personLevel: true,
  key: ['demande_id'],
  periodColumn: 'date_depot',
  ordered: [['date_depot', 'date_decision']],
  notes: ['Une demande qui porte sur plusieurs prestations est livrée en une ligne par prestation, chacune avec son identifiant.'],
  shape: {
    demande_id: text('Identifiant de la demande (d’une prestation) chez le producteur'),
    usager_pseudo: text('Pseudonyme opaque de la personne (haché à nouveau avec une clé secrète au chargement)'),
    commune_residence: communeCode('Code INSEE de la commune de résidence (COG)'),
    tranche_age: oneOf(TRANCHES_AGE, 'Tranche d’âge'),
    date_depot: date('Date de dépôt de la demande'),
    date_decision: optional(date('Date de la décision de la CDAPH (vide si aucune encore)')),
    prestation: oneOf(['pch', 'aah', 'rqth', 'cmi', 'orientation_esms', 'aeeh', 'autre'], 'Prestation demandée'),
    decision: oneOf(['accordee', 'refusee', 'en_cours', 'sans_suite'], 'Décision'),
  },
});
export type MdphDemande = RowOf<typeof mdphDemandes>;
