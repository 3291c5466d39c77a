import { communeCode, date, oneOf, optional, text } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';

export const apaDemandes = defineContract({
  source: 'apa_demandes',
  row: 'une demande d’allocation personnalisée d’autonomie (APA)',
  personLevel: true,
  key: ['demande_id'],
  periodColumn: 'date_depot',
  ordered: [['date_depot', 'date_dossier_complet'], ['date_dossier_complet', 'date_decision'], ['date_depot', 'date_decision']],
  notes: ['Le délai légal d’instruction court du dossier complet à la décision : deux mois (art. L232-14 du CASF).'],
  shape: {
    demande_id: text('Identifiant de la demande chez le producteur'),
    usager_pseudo: text('Pseudonyme opaque de la personne (haché à nouveau avec une clé secrète au chargement)'),
    commune_residence: communeCode('Code INSEE de la commune de résidence (COG)'),
    tranche_age_pa: oneOf(['60_74', '75_84', '85_plus'], 'Tranche d’âge de la personne âgée'),
    date_depot: date('Date de dépôt de la demande'),
    date_dossier_complet: optional(date('Date à laquelle le dossier est complet (vide s’il ne l’est pas encore)')),
    date_decision: optional(date('Date de la décision (vide si aucune encore)')),
    lieu: oneOf(['domicile', 'etablissement'], 'APA à domicile ou en établissement'),
    gir: optional(oneOf(['1', '2', '3', '4', '5', '6'], 'Groupe iso-ressources de 1 (le plus dépendant) à 6 (vide si pas encore évalué)')),
    decision: oneOf(['accordee', 'refusee', 'en_cours', 'sans_suite'], 'Décision'),
  },
});
export type ApaDemande = RowOf<typeof apaDemandes>;
