import { communeCode, date, decimal, oneOf, optional, text } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';

export const sites = defineContract({
  source: 'sites',
  row: 'un lieu où les personnes sont reçues',
  personLevel: false,
  key: ['site_id'],
  shape: {
    site_id: text('Identifiant du site, stable d’une livraison à l’autre'),
    nom: text('Nom public du site'),
    type: oneOf(
      ['pole_social', 'antenne', 'cms', 'maison_departementale', 'pmi', 'france_services', 'ccas',
        'aide_alimentaire', 'permanence', 'itinerant'],
      'Type de lieu d’accueil',
    ),
    code_commune: communeCode('Code INSEE de la commune du site (COG)'),
    latitude: decimal('Latitude WGS84'),
    longitude: decimal('Longitude WGS84'),
    gestionnaire: oneOf(['departement', 'commune', 'etat', 'association'], 'Qui gère le site'),
    territoire: text('Territoire d’action sociale du site'),
    date_ouverture: optional(date('Date d’ouverture')),
    date_fermeture: optional(date('Date de fermeture (vide si le site est ouvert)')),
  },
});
export type Site = RowOf<typeof sites>;
