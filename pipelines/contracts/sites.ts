import { between, code, communeCode, date, DAYS, HOURS, oneOf, omissible, optional, text } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';

export const sites = defineContract({
  source: 'sites',
  row: 'un lieu où les personnes sont reçues (pour une unité mobile : une ligne par arrêt)',
  personLevel: false,
  key: ['site_id'],
  notes: ['Le nom, le téléphone ou l’e-mail publics d’un service ne sont pas des données personnelles : ce fichier n’est pas inspecté.'],
  shape: {
    site_id: text('Identifiant du site (ou de l’arrêt d’une unité mobile), stable d’une livraison à l’autre'),
    nom: text('Nom public du site'),
    type: oneOf(
      ['pole_social', 'antenne', 'cms', 'maison_departementale', 'pmi', 'france_services', 'ccas',
        'aide_alimentaire', 'permanence', 'itinerant'],
      'Type de lieu d’accueil',
    ),
    code_commune: communeCode('Code INSEE de la commune du site (COG)'),
    latitude: between('Latitude WGS84', -90, 90),
    longitude: between('Longitude WGS84', -180, 180),
    gestionnaire: oneOf(['departement', 'commune', 'etat', 'association'], 'Qui gère le site'),
    territoire: text('Territoire d’action sociale du site'),
    date_ouverture: optional(date('Date d’ouverture')),
    date_fermeture: optional(date('Date de fermeture (vide si le site est ouvert)')),
    jours: omissible(code('Jours d’ouverture (ex. lun,mar,jeu) ; pour une unité mobile, les jours de cet arrêt', DAYS)),
    horaires: omissible(code('Horaires d’ouverture (ex. 09:00-12:00/13:30-17:00)', HOURS)),
  },
});
export type Site = RowOf<typeof sites>;
