/* ---
description: "Scénarios de proximité précalculés pour la page proximité, par mode (marche, transport_commun, route) et à leur seuil : fermeture (la population qui ne serait plus couverte si chaque lieu ouvert le jour étudié fermait seul), ouverture (la population nouvellement couverte par un lieu ouvert seul au centre d’une commune qui n’en a aucun ; les 20 premiers), meilleurs (les 5 lieux à ouvrir l’un après l’autre, chacun celui qui couvre le plus de personnes encore non couvertes). Population légale des communes placée à leur centre : des données publiques, et non des personnes des fichiers des services sociaux, donc pas soumises au secret statistique."
columns:
  scenario: "fermeture : un lieu ouvert ferme seul ; ouverture : un lieu s’ouvre seul au centre d’une commune qui n’en a aucun ; meilleurs : les lieux à ouvrir l’un après l’autre (choix glouton)."
  mode: "Le mode de déplacement : marche (à pied), transport_commun (à pied et en transport en commun, médiane des départs de la plage), route (par la route)."
  seuil_minutes: Le temps de trajet en deçà duquel une personne est couverte pour ce mode (réglage proximite.seuils_minutes).
  rang: "Fermeture et ouverture : 1 pour le lieu qui change le plus de population, puis par population décroissante ; meilleurs : l’ordre d’ouverture."
  lieu_id: Identifiant du lieu d’accueil (site_id) pour une fermeture ; COMMUNE-<code INSEE> pour un lieu à ouvrir au centre d’une commune.
  lieu_nom: Nom du lieu d’accueil, ou de la commune au centre de laquelle le lieu serait ouvert.
  type_lieu: Type du lieu d’accueil fermé (ex. france_services) ; vide pour un lieu à ouvrir.
  code_commune: Code INSEE de la commune du lieu.
  commune: Nom de la commune du lieu.
  latitude: Latitude du lieu (degrés décimaux, WGS 84).
  longitude: Longitude du lieu (degrés décimaux, WGS 84).
  population_gagnee_ou_perdue: "Habitants (population légale) : nouvellement couverts par ce lieu (ouverture ; meilleurs : en plus des lieux de rang inférieur), ou qui ne seraient plus couverts par aucun lieu s’il fermait (fermeture). Toujours positif ou nul."
  communes_touchees: Nombre de communes où des habitants gagneraient (ouverture, meilleurs) ou perdraient (fermeture) la couverture.
  population_couverte_avant: Population du département couverte aujourd’hui, dans ce mode, par les lieux ouverts le jour étudié.
  population_couverte_apres: "Population du département couverte après le scénario : avant − perdue (fermeture), avant + gagnée (ouverture), ou avec ce lieu et ceux de rang inférieur ouverts (meilleurs)."
  part_avant: Part (%) de la population du département couverte aujourd’hui dans ce mode.
  part_apres: Part (%) de la population du département couverte après le scénario.
  jour: Le jour étudié (horaires des lieux et du transport en commun), le même que la période des indicateurs de proximité.
  fenetre: La plage horaire des départs étudiée (HH:MM-HH:MM).
--- */
-- Legal populations at commune centres and public service points: no secrecy to apply.
SELECT scenario, mode, seuil_minutes, rang, lieu_id, lieu_nom, type_lieu, code_commune, commune, latitude, longitude,
  population_gagnee_ou_perdue, communes_touchees, population_couverte_avant, population_couverte_apres, part_avant, part_apres, jour, fenetre
FROM marts.scenarios_proximite
ORDER BY scenario, CASE mode WHEN 'marche' THEN 1 WHEN 'transport_commun' THEN 2 ELSE 3 END, rang
