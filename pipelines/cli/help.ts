// Every command's help text, in a module of its own so that `solidata --help` and `solidata <commande>
// --help` answer without loading a command's dependencies (DuckDB, Postgres, the server…).
import { contracts } from '../contracts/index.ts';
import { DEFAULT_OPTIONS } from '../demo/defaults.ts';

export const runHelp = `solidata run [--data-dir DIR] [--sans-demo] [--sans-tableau] [--complet]
  Charge les livraisons déposées dans DIR/inbox, recalcule tout ce qui est périmé, publie
  DIR/published.duckdb et construit le tableau de bord dans DIR/dashboard, puis s’arrête.
  Un dossier de données neuf reçoit d’abord les livraisons de démonstration (sauf --sans-demo).
  --sans-tableau s’arrête à la publication (le tableau de bord reste tel qu’il était).
  Les modèles incrémentaux (intermediate.int_demandes, marts.fct_mdph_demandes…) ne recalculent
  que les mois que les nouvelles livraisons touchent ; --complet les recalcule en entier, tous les
  mois, avec ce qui en dépend (mêmes chiffres, plus long).
  Code de sortie 0 si tout a réussi, 1 sinon (les données publiées précédemment restent en ligne).`;

export const startHelp = `solidata start [--data-dir DIR] [--port N] [--hote ADRESSE] [--sans-demo]
  Comme « run », puis reste actif : rafraîchit et publie selon le calendrier de
  solidata.config.yaml (planification.rafraichissement, chaque nuit ; planification.publication,
  chaque mois), traite chaque fichier déposé dans DIR/inbox dès son arrivée, et sert le tableau
  de bord et l’import de fichiers à l’adresse affichée (http://127.0.0.1:3000 par défaut) jusqu’à
  Ctrl-C. Il faut un compte pour entrer (« solidata user add ») : au tout premier lancement, un
  compte « admin » est créé et son mot de passe affiché une seule fois.`;

export const importHelp = `solidata import <source> <fichier> [--producteur X] [--periode P] [--date-extraction D] [--colonnes-inconnues ignorer] [--data-dir DIR]
  Contrôle et charge une livraison (CSV ou XLSX) dans l’entrepôt, d’un bloc, ou la refuse entière
  avec un rapport en français (fichier, ligne, colonne, valeur trouvée, attendu, quoi faire).
  Sources : ${Object.keys(contracts).join(', ')} ; « questionnaire » enregistre la description
  d’un questionnaire de consultation. Le fichier reste où il est. Sans --producteur ni --periode,
  ils sont lus dans le nom <source>_<producteur>_<periode>.csv. Si l’entrepôt est occupé par une
  autre tâche, la commande attend qu’il se libère. Le recalcul qui s’ensuit est fait par
  « solidata start » s’il tourne, sinon au prochain « solidata run ». Dans un fichier de personnes,
  une colonne que le format (ou le questionnaire) ne prévoit pas fait refuser le fichier ; avec
  --colonnes-inconnues ignorer, elle est seulement écartée (son contenu reste contrôlé).`;

export const demoHelp = `solidata demo [--departement 41] [--scale N] [--seed S] [--fin AAAA-MM] [--contours FICHIER] [--sortie DOSSIER] [--data-dir DIR]
  Écrit un jeu complet de livraisons de démonstration pour un vrai département : communes et
  populations légales réelles (COG), espaces France Services réels, sites départementaux, CCAS,
  points d’aide alimentaire et territoires d’action inventés mais plausibles, et toutes les
  sources (sites, territoires, sls_demandes, rsa_parcours, effectifs, ccas_aides,
  caf_allocataires, consultation et son questionnaire, apa_demandes, mdph_demandes,
  ase_informations_preoccupantes, ase_mesures, fsl_aides), écrites comme les partenaires les
  écrivent (CSV Windows-1252 ou UTF-8, « ; » ou « , », XLSX avec titre et note). Même graine,
  mêmes fichiers, à l’octet près. Par défaut dans DIR/inbox/<source>/, prêts à charger.
  --departement   41 (Loir-et-Cher, défaut), 92 (Hauts-de-Seine), 38 (Isère) ; un autre avec --contours
  --contours      GeoJSON des communes du département (propriété « code » = code INSEE)
  --scale         taille : 1 ≈ le Loir-et-Cher sur 2 ans (environ 45 000 demandes) ; 10 ≈ un grand
                  département sur 5 ans (environ 10 millions de demandes) ; 0,05 pour un essai rapide
  --seed          graine du tirage (défaut ${DEFAULT_OPTIONS.seed})
  --fin           dernier mois couvert (défaut ${DEFAULT_OPTIONS.fin}) ; extraction le 5 du mois suivant
  --sortie        dossier où écrire au lieu de la boîte de dépôt (un sous-dossier par source)`;

export const statusHelp = `solidata status [--format table|json]
  Chaque actif (table ou produit) : à jour, périmé (et pourquoi) ou en échec, avec la date de
  sa dernière matérialisation réussie et son nombre de lignes ; pour une source mensuelle, les
  mois chargés et le dernier. Sans démarrer Postgres quand aucune commande ne tourne : l’historique
  est alors lu dans le résumé que la dernière commande a laissé (etat-des-actifs.json du dossier
  de données) ; avec une commande en cours ou DATABASE_URL, il est lu dans Postgres.`;

export const historyHelp = `solidata history [actif] [--limite N] [--format table|json]
  Les matérialisations, des plus récentes aux plus anciennes : actif, début, durée, état, lignes,
  partitions (les mois chargés, pour une source mensuelle), erreur. Avec un actif
  (ex. marts.fct_demandes), seulement les siennes.`;

export const lineageHelp = `solidata lineage <actif ou indicateur> [--format table|json]
  D’où vient un chiffre : les actifs en amont, jusqu’aux livraisons sources actives (fichier,
  producteur, période, lignes, empreinte SHA-256). Ex. : solidata lineage delai_premier_rdv_median`;

export const materializeHelp = `solidata materialize <actif> [--downstream] [--complet]
  Recalcule l’actif maintenant, même s’il est à jour, après ce qui est périmé en amont ;
  avec --downstream, recalcule aussi tout ce qui en dépend (jusqu’au tableau de bord).
  Un modèle incrémental (ex. intermediate.int_demandes) ne recalcule que les mois que ses sources
  ont touchés depuis son dernier calcul ; avec --complet, il recalcule tous les mois, comme au
  premier jour, de même que les modèles incrémentaux en amont, avec ce qui en dépend.`;

export const workerHelp = `solidata worker [--sans-entrepot]
  Un travailleur de plus sur la même file de tâches, jusqu’à Ctrl-C : sur une autre machine avec le
  même DATABASE_URL, ou sur celle-ci avec le même dossier de données. Les tâches qui écrivent
  l’entrepôt passent une à une par la file « entrepot » ; avec --sans-entrepot (une machine qui n’a
  pas le fichier de l’entrepôt), il ne prend que les autres, comme la construction du tableau de bord.`;

export const sqlHelp = `solidata sql [--warehouse] [-c "SQL"] [--format table|csv|json|arrow]
  Interroge en SQL (DuckDB) la base publiée, ou l’entrepôt avec --warehouse, en lecture seule.
  Sans -c : une invite interactive (requêtes terminées par « ; », .tables, .schema, .help, .quit).
  Avec -c : exécute la ou les requêtes données et écrit le résultat (csv, json ou arrow : celui
  de la dernière requête ; arrow est un flux Arrow IPC pour R ou Python, à rediriger vers un fichier).
  Ex. : solidata sql -c "SELECT indicateur, count(*) FROM indicateurs GROUP BY ALL" --format csv`;

export const freezeHelp = `solidata freeze <édition> | --liste [--format table|json] | --verifier <édition>
  Gèle les chiffres publiés tels qu’ils sont maintenant (ex. « solidata freeze vote-2024-10 ») :
  une copie en lecture seule de la base publiée dans DIR/editions/<édition>/, avec l’empreinte
  SHA-256 de la copie et celles des livraisons dont elle vient (edition.json). Une édition ne se
  remplace jamais. La publication suivante la montre dans le tableau de bord (page « Données »).
  --liste      les éditions gelées
  --verifier   recalcule l’empreinte d’une édition et dit si elle est intacte`;

export const opendataHelp = `solidata opendata [--edition NOM] [--sortie DOSSIER] [--data-dir DIR]
  Écrit le paquet de données ouvertes des chiffres publiés, prêt pour data.gouv.fr ou pour une
  fédération régionale : chaque table que montre le tableau de bord en CSV (UTF-8, virgule, dates
  AAAA-MM-JJ, point décimal) et en Parquet, et un datapackage.json (Frictionless Data) qui décrit
  chaque colonne (type, signification tirée du dictionnaire, unité, valeurs permises), la licence
  (Licence Ouverte 2.0), le département, la période couverte, la date des données et l’empreinte
  SHA-256 de chaque fichier. Une case sous secret statistique reste vide (colonne secret à true).
  --edition NOM     les chiffres d’une édition gelée (« solidata freeze ») au lieu des derniers publiés
  --sortie DOSSIER  où écrire (défaut : DIR/opendata/courante ou DIR/opendata/<édition>) ; un paquet
                    déjà là est remplacé entier, un dossier qui contient autre chose est refusé`;

export const federationHelp = `solidata federation [--boite DOSSIER] [--file-seulement] [--sans-tableau] [--servir [--port N]] [--data-dir DIR]
  Pour une instance régionale (son propre dossier de données) : compare des départements à partir
  de leurs paquets de données ouvertes. Chaque dossier de DIR/federation/boite/ (un paquet écrit par
  « solidata opendata ») devient une tâche de la file : empreintes SHA-256 de chaque fichier, version
  du schéma et code du département vérifiés ; un paquet faux est refusé entier et rangé dans
  DIR/federation/refuses/ avec la raison (REFUS.txt). Les paquets acceptés (le dernier de chaque
  département) sont publiés dans DIR/federation.duckdb : chaque indicateur du département côte à
  côte, le rang, la date des données de chacun, et des totaux régionaux faits des seules cases
  publiées (une case sous secret n’y entre pas, et la précaution le dit).
  Puis le tableau de bord de la fédération est construit dans DIR/federation/tableau (s’il a changé) :
  les départements et la date de leurs chiffres, et pour chaque indicateur aux mêmes définitions le
  classement des départements (barres et tableau, à une même période pour tous), leur carte et le
  total régional ; une case masquée s’y lit « secret statistique ».
  --boite DOSSIER   un autre dossier de paquets (p. ex. un dossier partagé)
  --file-seulement  met les paquets en file sans les traiter ici : des « solidata worker » qui
                    partagent la même base Postgres (DATABASE_URL) et le même dossier les prennent
  --sans-tableau    s’arrête à la publication de DIR/federation.duckdb
  --servir          ensuite, sert le tableau de bord à l’adresse affichée (127.0.0.1), jusqu’à Ctrl-C
  --port N          le port de --servir (défaut 3100 ; 0 : un port libre)`;

export const pdfHelp = `solidata pdf [--edition NOM] [--sortie FICHIER] [--data-dir DIR]
  Imprime chaque page du tableau de bord construit (Chromium sans écran, format A4, styles
  d’impression) et les réunit en un seul PDF pour le dossier de séance (défaut :
  DIR/tableau-de-bord.pdf) : une couverture (« document de séance », date des chiffres), un sommaire
  avec les numéros de page, l’accueil, les engagements du schéma, les pages thématiques dans l’ordre
  du menu, puis en annexe les données et le dictionnaire ; chaque feuille est numérotée.
  --edition NOM   imprime une édition gelée (solidata freeze) au lieu des chiffres du jour : ses
                  chiffres et ses engagements, tels que la base publiée les montre (secret
                  statistique du jour) ; son nom est sur la couverture et au pied de chaque feuille
                  (défaut : DIR/tableau-de-bord-NOM.pdf). Son tableau de bord est construit à part,
                  dans DIR/dashboard-editions/ (une minute ou deux quand celui du dossier est construit
                  avec le même code, sinon quelques minutes), puis gardé tant que rien ne change.`;

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

export const userHelp = `solidata user add <nom> --role lecteur|import|admin [--mot-de-passe-stdin]
solidata user passwd <nom> [--mot-de-passe-stdin]
solidata user remove <nom>
solidata user list [--format table|json]
  Les comptes du serveur (« solidata start ») : lecteur lit le tableau de bord, import importe
  aussi des fichiers, admin gère aussi les comptes et voit les travaux. Sans --mot-de-passe-stdin,
  un mot de passe est tiré au hasard et affiché une seule fois ; avec, il est lu sur l’entrée
  standard (${12} caractères au moins), p. ex. : echo "$MDP" | solidata user add marie --role import --mot-de-passe-stdin.
  « passwd » change le mot de passe d’un compte (tiré au hasard et affiché une fois, à changer
  par son titulaire à sa connexion suivante ; ou lu sur l’entrée standard) et ferme ses sessions.
  Le dernier compte admin ne peut pas être supprimé.`;
