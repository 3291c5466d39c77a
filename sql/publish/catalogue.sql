/* ---
description: La fiche de chaque indicateur, tirée de l’en-tête de son fichier SQL.
columns:
  titre: Titre de l’indicateur, en français.
  definition: Définition en une phrase.
  theme: Thème (acces_droits, delais, moyens, proximite, activite, horaires, parole_citoyenne).
  sources: Formats d’échange dont il vient.
  niveaux: Niveaux géographiques publiés.
  precautions: Précautions de lecture.
  fenetre_jours: Pour une part jugée sur une fenêtre (p. ex. rendez-vous sous 15 jours), sa durée en jours ; ne comptent que les entrées dont la fenêtre est close à la date des données. Vide sinon.
  sens: Le sens d’évolution favorable aux personnes concernées (hausse ou baisse) ; vide quand une évolution n’est ni bonne ni mauvaise en soi (demandes reçues, foyers allocataires).
--- */
-- Every published indicator with its title, definition, unit, theme, sources and caveats.
SELECT * FROM marts.catalogue ORDER BY theme, indicateur
