// The options of solidata accessibilite: its help text, their checks (French messages), their parsing.
import { z } from 'zod';
import { MODES } from '../travel/coverage.ts';

export const travelHelp = `solidata accessibilite [--gtfs FICHIER] [--jour AAAA-MM-JJ] [--fenetre 08:00-10:00]
                       [--ouvrir lat,lon …] [--fermer SITE …] [--deplacer SITE=lat,lon …] [--meilleurs K]
  Part de la population à portée d’un lieu d’accueil : à pied (20 min), à pied et en transport
  en commun (15 min, médiane des départs de chaque minute de la plage), par la route (30 min, à vol
  d’oiseau allongé d’un détour) ; par type de lieu et par territoire ; communes laissées de côté.
  Un lieu compte s’il reçoit ce jour-là, à un moment de la plage (unités mobiles : à leurs arrêts,
  leurs jours et heures). Données : l’entrepôt (ou la base publiée) de --data-dir, ou des fichiers.
  --gtfs FICHIER        flux GTFS (.zip ou dossier) ; défaut : DIR/gtfs.zip, DIR/gtfs/ ou DIR/inbox/gtfs/
  --jour AAAA-MM-JJ     le jour étudié ; défaut : un mardi ordinaire du flux (le plus desservi)
  --fenetre HH:MM-HH:MM la plage des départs (défaut 08:00-10:00)
  --seuil MODE=MIN      un seuil en minutes (marche, transport_commun, route), ex. --seuil marche=15
  --sites FICHIER       les lieux (CSV au format « sites ») au lieu de ceux de l’entrepôt
  --departement NN      les communes du COG et leurs contours livrés (avec --contours pour un autre)
  --carreaux FICHIER    population en carreaux de 200 m (Filosofi de l’INSEE) au lieu des centres des communes
  --reseau-pieton F     réseau piéton (GeoJSON de lignes) au lieu de la ligne droite × détour
  --ouvrir lat,lon      un lieu ajouté (répétable) ; avec --meilleurs : les lieux candidats
  --fermer SITE         un lieu fermé (identifiant site_id, répétable)
  --deplacer SITE=lat,lon  un lieu déplacé (répétable)
  --candidats FICHIER   des lieux candidats (CSV latitude,longitude[,nom]) : la population que chacun,
                        ouvert seul, couvrirait en plus
  --meilleurs K         les K lieux à ouvrir qui couvrent le plus de monde, l’un après l’autre
                        (candidats : --candidats, --ouvrir ou, à défaut, les centres des communes)
  --mode MODE           le mode des lieux à ouvrir (défaut marche)
  --type TYPE           un seul type de lieu (ex. france_services) ; le type des lieux ajoutés
  --format table|json   json pour les scripts`;

export const schema = z.object({
  'data-dir': z.string().min(1),
  config: z.string().optional(),
  gtfs: z.string().min(1).optional(),
  jour: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'une date AAAA-MM-JJ').refine((d) => !Number.isNaN(Date.parse(d)), 'cette date n’existe pas').optional(),
  fenetre: z.string().optional(),
  seuil: z.array(z.string()).default([]).superRefine((xs, ctx) => {
    for (const x of xs.filter((v) => !/^(marche|transport_commun|route)=\d{1,3}$/.test(v))) ctx.addIssue({ code: 'custom', message: `« ${x} » — attendu : MODE=MINUTES, ex. marche=20 (modes : marche, transport_commun, route)` });
  }),
  sites: z.string().min(1).optional(),
  departement: z.string().regex(/^(?:\d{2}|2[AB]|97\d)$/, 'un code de département (ex. 41)').optional(),
  contours: z.string().min(1).optional(),
  carreaux: z.string().min(1).optional(),
  'reseau-pieton': z.string().min(1).optional(),
  ouvrir: z.array(z.string()).default([]),
  fermer: z.array(z.string().min(1)).default([]),
  deplacer: z.array(z.string()).default([]),
  meilleurs: z.string().regex(/^\d{1,3}$/, 'un nombre entier').transform(Number).pipe(z.number().int().min(1, 'au moins 1')).optional(),
  candidats: z.string().min(1).optional(),
  mode: z.enum(MODES).default('marche'),
  type: z.string().min(1).optional(),
  format: z.enum(['table', 'json'], { message: 'attendu : table ou json' }).default('table'),
});

export const options = {
  gtfs: { type: 'string' }, jour: { type: 'string' }, fenetre: { type: 'string' }, seuil: { type: 'string', multiple: true },
  sites: { type: 'string' }, departement: { type: 'string' }, contours: { type: 'string' }, carreaux: { type: 'string' },
  'reseau-pieton': { type: 'string' }, ouvrir: { type: 'string', multiple: true }, fermer: { type: 'string', multiple: true },
  deplacer: { type: 'string', multiple: true }, meilleurs: { type: 'string' }, candidats: { type: 'string' },
  mode: { type: 'string' }, type: { type: 'string' }, format: { type: 'string' },
} as const;

export type Values = z.infer<typeof schema>;
