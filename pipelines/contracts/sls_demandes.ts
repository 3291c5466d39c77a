import { communeCode, date, oneOf, optional, text } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';
import { TRANCHES_AGE } from './shared.ts';

export const slsDemandes = defineContract({
  source: 'sls_demandes',
  row: 'une demande adressée aux services sociaux du département',
  personLevel: true,
  key: ['demande_id'],
  periodColumn: 'date_demande',
  shape: {
    demande_id: text('Identifiant de la demande chez le producteur'),
    usager_pseudo: text('Pseudonyme opaque de la personne (haché à nouveau avec une clé secrète au chargement)'),
    site_id: text('Site qui a reçu la demande (voir `sites`)'),
    date_demande: date('Date de la demande'),
    date_premier_rdv: optional(date('Date du premier rendez-vous (vide si aucun encore)')),
    motif: oneOf(
      ['insertion', 'logement', 'enfance_famille', 'autonomie', 'handicap', 'sante', 'budget', 'acces_droits',
        'violences', 'autre'],
      'Motif principal de la demande',
    ),
    canal: oneOf(['accueil', 'telephone', 'en_ligne', 'itinerant'], 'Canal de la demande'),
    commune_residence: communeCode('Code INSEE de la commune de résidence (COG)'),
    tranche_age: oneOf(TRANCHES_AGE, 'Tranche d’âge'),
    issue: oneOf(['en_cours', 'oriente_interne', 'oriente_partenaire', 'sans_suite', 'clos'], 'Issue de la demande'),
  },
});
export type SlsDemande = RowOf<typeof slsDemandes>;
