// The demo's engagements: a plausible set drawn from the commitments of real schémas (the seeds:
// « un pôle social à moins de quinze minutes en transports », « moins de vingt minutes à pied »,
// « les délais de réponse réduits », « la rapidité des réponses » of the CCAS, a référent unique for
// every RSA beneficiary…). Written once
// into DIR/engagements.yaml, never over a file the observatory already edited.
import { existsSync, writeFileSync } from 'node:fs';
import type { Paths } from '../config.ts';
import { engagementsFile } from '../engagements/schema.ts';

export const DEMO_ENGAGEMENTS = `# Les engagements du schéma unique des solidarités, tels que l’assemblée les a votés.
# Un engagement : un identifiant, son titre, sa fiche action, l’indicateur qui le mesure (voir le
# catalogue), où il s’applique, la cible, le sens (au_moins / au_plus), l’échéance, la référence
# (facultative : sinon la première période publiée) et le service chargé. Voir le README.
engagements:
  - id: rdv-sous-15-jours
    titre: Deux demandes sur trois reçues en rendez-vous dans les quinze jours
    fiche: { numero: 1, titre: Un accueil social de proximité et réactif }
    indicateur: part_rdv_sous_15j
    niveaux: [departement, territoires]
    cible: 66.7
    sens: au_moins
    echeance: 2027-12
    service: Direction de l’action sociale de proximité

  - id: delai-median-12-jours
    titre: Le délai médian d’un premier rendez-vous ramené à douze jours
    fiche: { numero: 1, titre: Un accueil social de proximité et réactif }
    indicateur: delai_premier_rdv_median
    niveaux: [departement, territoires]
    pas: annee
    cible: 12
    sens: au_plus
    echeance: 2026-12
    service: Direction de l’action sociale de proximité

  - id: delai-p90-30-jours
    titre: Neuf demandes sur dix reçues en rendez-vous en moins de trente jours
    fiche: { numero: 1, titre: Un accueil social de proximité et réactif }
    indicateur: delai_premier_rdv_p90
    niveaux: [departement, territoires]
    pas: annee
    cible: 30
    sens: au_plus
    echeance: 2027-06
    service: Direction de l’action sociale de proximité

  - id: referent-unique
    titre: Un référent unique pour chaque allocataire du RSA
    fiche: { numero: 3, titre: Accompagner chaque allocataire du RSA vers l’emploi }
    indicateur: rsa_part_referent_unique
    niveaux: [departement, territoires]
    cible: 95
    sens: au_moins
    echeance: 2026-12
    service: Direction de l’insertion

  - id: orientation-rsa-rapide
    titre: Les entrants au RSA orientés en trois semaines
    fiche: { numero: 3, titre: Accompagner chaque allocataire du RSA vers l’emploi }
    indicateur: rsa_delai_orientation_median
    niveaux: [departement, territoires]
    cible: 21
    sens: au_plus
    echeance: 2026-12
    service: Direction de l’insertion

  - id: aides-ccas-rapides
    titre: Une réponse des CCAS à une demande d’aide en moins d’une semaine
    fiche: { numero: 4, titre: Des aides facultatives simples et rapides }
    indicateur: ccas_delai_decision_median
    niveaux: [departement]
    cible: 5
    sens: au_plus
    echeance: 2027
    service: Direction de l’action sociale de proximité, avec les CCAS

  - id: postes-pourvus
    titre: Moins de 5 % de postes vacants dans les équipes sociales
    fiche: { numero: 5, titre: Des équipes stables et formées }
    indicateur: taux_vacance
    niveaux: [departement, territoires]
    cible: 5
    sens: au_plus
    echeance: 2027-12
    service: Direction des ressources humaines

  - id: moyens-10000-habitants
    titre: 6,5 travailleurs sociaux (ETP) pour 10 000 habitants sur chaque territoire
    fiche: { numero: 5, titre: Des équipes stables et formées }
    indicateur: etp_pour_10000_hab
    niveaux: [territoires]
    cible: 6.5
    sens: au_moins
    echeance: 2027-12
    service: Direction des ressources humaines

  - id: pole-social-a-pied
    titre: La moitié des habitants à moins de vingt minutes à pied d’un lieu d’accueil social
    fiche: { numero: 2, titre: Un lieu d’accueil social près de chez soi }
    indicateur: part_population_proche_a_pied
    niveaux: [departement, territoires]
    cible: 50
    sens: au_moins
    echeance: 2028-12
    service: Direction de l’action sociale de proximité

  - id: pole-social-en-transports
    titre: Six habitants sur dix à moins de quinze minutes en transports d’un lieu d’accueil social
    fiche: { numero: 2, titre: Un lieu d’accueil social près de chez soi }
    indicateur: part_population_proche_transport_commun
    niveaux: [departement]
    cible: 60
    sens: au_moins
    echeance: 2028-12
    service: Direction des mobilités
`;

/** Writes the demo's engagements unless the data directory already has its own. */
export function writeDemoEngagements(paths: Pick<Paths, 'dataDir'>): boolean {
  const file = engagementsFile(paths);
  if (existsSync(file)) return false;
  writeFileSync(file, DEMO_ENGAGEMENTS);
  return true;
}
