import { decimal, integer, month, oneOf, optional, text } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';

export const METIERS = ['assistant_social', 'cesf', 'conseiller_insertion', 'puericultrice', 'auxiliaire_pmi',
  'secretaire_medico_social', 'agent_accueil', 'psychologue', 'medecin', 'autre'] as const;

export const effectifs = defineContract({
  source: 'effectifs',
  row: 'un métier sur un site pour un mois',
  personLevel: false,
  key: ['mois', 'site_id', 'metier'],
  shape: {
    mois: month('Mois (AAAA-MM)'),
    site_id: text('Site (voir `sites`)'),
    metier: oneOf([...METIERS], 'Métier'),
    etp: decimal('Équivalents temps plein présents (ex. 2,8)'),
    postes_ouverts: integer('Postes ouverts'),
    postes_vacants: integer('Postes vacants'),
    file_active: optional(integer('Personnes suivies dans le mois (file active)')),
  },
});
export type Effectif = RowOf<typeof effectifs>;
