import { integer, month, oneOf, text } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';

export const TYPES_MESURE = ['accueil_familial', 'accueil_etablissement', 'aed', 'aemo', 'jeune_majeur', 'autre'] as const;

export const aseMesures = defineContract({
  source: 'ase_mesures',
  row: 'le nombre de mesures de protection de l’enfance d’un type, dans un territoire, au dernier jour d’un mois (agrégat)',
  personLevel: false,
  key: ['mois', 'territoire', 'type_mesure'],
  notes: ['`aed` : aide éducative à domicile (administrative) ; `aemo` : action éducative en milieu ouvert (judiciaire) ; `jeune_majeur` : accompagnement des 18–20 ans.'],
  shape: {
    mois: month('Mois (AAAA-MM) ; les mesures en cours au dernier jour du mois'),
    territoire: text('Territoire d’action (voir `territoires`)'),
    type_mesure: oneOf([...TYPES_MESURE], 'Type de mesure'),
    mesures: integer('Nombre de mesures en cours'),
  },
});
export type AseMesure = RowOf<typeof aseMesures>;
