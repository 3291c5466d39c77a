// A corpus of bad or quirky deliveries, each with its expected outcome and message.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, type ImportResult } from '../../pipelines/ingest/import.ts';
import { RefusedDelivery } from '../../pipelines/ingest/problems.ts';
import { openWarehouse, queryRows, type Database } from '../../pipelines/warehouse/duckdb.ts';
import { demoRequests, nirWithKey, tempDir, writeDelivery, writeXlsx } from '../helpers/fixtures.ts';

const SLS = ['demande_id', 'usager_pseudo', 'site_id', 'date_demande', 'date_premier_rdv', 'motif', 'canal', 'commune_residence', 'tranche_age', 'issue'];
const sls = (id: string, extra: Partial<Record<string, string>> = {}) =>
  SLS.map((c) => ({ demande_id: id, usager_pseudo: `u${id}`, site_id: 'MDS-BLOIS', date_demande: '03/02/2025', date_premier_rdv: '2025-02-10', motif: 'logement', canal: 'accueil', commune_residence: '41018', tranche_age: '25_39', issue: 'clos', ...extra })[c as 'demande_id']);
const slsFile = (rows: string[][], { sep = ';', header = SLS } = {}) => [header.join(sep), ...rows.map((r) => r.join(sep))];
const SITES = 'site_id;nom;type;code_commune;latitude;longitude;gestionnaire;territoire;date_ouverture;date_fermeture';
const RSA = 'usager_pseudo;commune_residence;date_premier_versement;date_orientation;type_orientation;date_premier_rdv;referent_unique;date_contrat;date_sortie';
const CCAS = 'aide_id;ccas_commune;usager_pseudo;commune_residence;date_demande;date_decision;type_aide;decision;montant_eur';
const CAF = 'mois;code_commune;prestation;foyers;personnes_couvertes';
const EFF = 'mois;site_id;metier;etp;postes_ouverts;postes_vacants;file_active';
const APA = 'demande_id;usager_pseudo;commune_residence;tranche_age_pa;date_depot;date_dossier_complet;date_decision;lieu;gir;decision';
const MDPH = 'demande_id;usager_pseudo;commune_residence;tranche_age;date_depot;date_decision;prestation;decision';
const IP = 'ip_id;commune_residence;tranche_age_enfant;date_reception;date_fin_evaluation;issue';
const MESURES = 'mois;territoire;type_mesure;mesures';
const FSL = 'aide_id;usager_pseudo;commune_residence;date_demande;date_decision;type_aide;decision;montant_eur';
const CONSULT = 'reponse_id;date_reponse;code_postal;profil;tranche_age;Q1 - Quels services connaissez-vous ?;Q2 - Satisfaction;Q3 - Que faudrait-il améliorer ?';
const QUESTIONNAIRE = `questionnaire: test-2025
titre: Consultation de test
questions:
  - {id: Q1, type: choix_multiple, reponses: [CCAS, Maison départementale, France Services]}
  - {id: Q2, type: echelle, min: 1, max: 5}
  - {id: Q3, type: texte_libre}
`;

interface Case {
  name: string;
  source?: string;
  file: string;
  /** Lines of a CSV, or a function that writes the file and returns its path. */
  content: string[] | ((dir: string, file: string) => Promise<string> | string);
  encoding?: 'utf-8' | 'windows-1252';
  /** Loaded: the number of rows, and SQL checks on the loaded table. */
  loads?: number;
  query?: [string, unknown];
  note?: string;
  /** Refused: substrings of the report, and whether it was refused for identifying data. */
  refused?: string[];
  identifying?: boolean;
  absent?: string[];
  extraColumns?: 'refuse' | 'ignore';
}

const cases: Case[] = [
  { name: 'the demo delivery', file: path.basename(demoRequests), content: (_d, _f) => demoRequests, loads: 693 },
  { name: 'Windows-1252 with €, œ and ’', file: 'sls_demandes_p_2025-02.csv', encoding: 'windows-1252', content: slsFile([sls('1', { site_id: 'Cœur’s €' })]), loads: 1, query: ["SELECT site_id AS v FROM raw.sls_demandes", 'Cœur’s €'] },
  { name: 'cells padded with spaces, no-break and narrow no-break spaces', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { site_id: ' MDS-BLOIS  ', motif: '\u00a0logement', canal: 'accueil\u202f', date_demande: ' 03/02/2025' })]), loads: 1, query: ["SELECT site_id || '|' || motif || '|' || canal || '|' || date_demande AS v FROM raw.sls_demandes", 'MDS-BLOIS|logement|accueil|2025-02-03'] },
  { name: 'a required cell of spaces only', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1'), sls('2', { site_id: '  \u00a0' })]), refused: ['cellule vide', 'ligne 3', 'site_id'] },
  { name: 'UTF-8 with BOM and commas', file: 'sls_demandes_p_2025-02.csv', content: ['\ufeff' + SLS.join(','), sls('1').join(','), sls('2').join(',')], loads: 2 },
  { name: 'LF line endings', file: 'sls_demandes_p_2025-02.csv', content: (d, f) => { writeFileSync(path.join(d, f), slsFile([sls('1'), sls('2')]).join('\n') + '\n'); return path.join(d, f); }, loads: 2 },
  { name: 'headers in any case, with accents and spaces', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1')], { header: SLS.map((h) => h.replace('_', ' ').toUpperCase()) }), loads: 1 },
  { name: 'ISO and French dates mixed', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { date_demande: '2025-02-03' }), sls('2')]), loads: 2, query: ["SELECT count(DISTINCT date_demande) AS v FROM raw.sls_demandes", '1'] },
  { name: 'a quoted field holding the separator', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { site_id: '"MDS;BLOIS"' })]), loads: 1, query: ["SELECT site_id AS v FROM raw.sls_demandes", 'MDS;BLOIS'] },
  { name: 'values of a list in capitals', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { motif: 'LOGEMENT', canal: 'Accueil' })]), loads: 1, query: ["SELECT motif AS v FROM raw.sls_demandes", 'logement'] },
  { name: 'Corsica and a leading zero', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { commune_residence: '2A004' }), sls('2', { commune_residence: '01001' })]), loads: 2 },
  { name: 'a merged commune mapped to today’s', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { commune_residence: '41257' })]), loads: 1, query: ["SELECT commune_residence AS v FROM raw.sls_demandes", '41059'], note: 'commune actuelle' },
  { name: 'an undeclared column in a person-level file', file: 'sls_demandes_p_2025-02.csv', content: slsFile([[...sls('1'), 'RAS']], { header: [...SLS, 'commentaire_interne'] }), refused: ['colonne « commentaire_interne »', 'colonne non prévue par le format « sls_demandes »', '--colonnes-inconnues ignorer'] },
  { name: 'an undeclared column, ignored when asked', file: 'sls_demandes_p_2025-02.csv', extraColumns: 'ignore', content: slsFile([[...sls('1'), 'RAS']], { header: [...SLS, 'commentaire_interne'] }), loads: 1, note: 'commentaire_interne' },
  { name: 'an undeclared column in an aggregate file is only a note', source: 'caf_allocataires', file: 'caf_allocataires_caf41_2025-03.csv', content: [`${CAF};remarque`, '2025-03;41018;RSA;1 235;2 470;provisoire'], loads: 1, note: 'remarque' },
  { name: 'a NIR-shaped number with its key cut off', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { site_id: '2 85 05 19 006 084 12' })]), refused: ['NIR'], identifying: true, absent: ['006 084'] },
  { name: 'a NIR-shaped number with a wrong key', file: 'sls_demandes_p_2025-02.csv', extraColumns: 'ignore', content: slsFile([[...sls('1'), `${nirWithKey('1850578006084').slice(0, 13)}00`]], { header: [...SLS, 'numero_dossier'] }), refused: ['colonne « numero_dossier »', 'NIR'], identifying: true, absent: ['1850578'] },
  { name: 'a blank line in the middle', file: 'sls_demandes_p_2025-02.csv', content: [SLS.join(';'), sls('1').join(';'), '', sls('2', { date_demande: 'hier' }).join(';')], refused: ['ligne 4, colonne « date_demande »', '« hier »'] },
  { name: 'a line break inside quotes, then a bad date', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { site_id: '"MDS\r\nBLOIS"' }), sls('2', { date_demande: '31/02/2025' })]), refused: ['ligne 4, colonne « date_demande »', '« 31/02/2025 » n’est pas valide', 'JJ/MM/AAAA'] },
  { name: 'a bad date', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1'), sls('2', { date_demande: '2025-13-01' })]), refused: ['ligne 3, colonne « date_demande »', 'Corrigez ces cellules'] },
  { name: 'a missing mandatory cell', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { site_id: '' })]), refused: ['ligne 2, colonne « site_id » : cellule vide'] },
  { name: 'a value outside the list', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { motif: 'loisirs' })]), refused: ['« loisirs » n’est pas une valeur admise', 'insertion, logement'] },
  { name: 'a missing column', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1').filter((_, i) => i !== 5)], { header: SLS.filter((h) => h !== 'motif') }), refused: ['colonnes manquantes : motif', 'ligne 1'] },
  { name: 'a duplicate key', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1'), sls('2'), sls('1')]), refused: ['ligne 4', 'figure déjà ligne 2'] },
  { name: 'an unknown commune, with nearest codes', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { commune_residence: '41999' })]), refused: ['« 41999 » n’est pas un code de commune du COG', 'codes proches : 41199'] },
  { name: 'a commune code that lost its zero', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { commune_residence: '1001' })]), refused: ['« 1001 » n’a pas la forme attendue', 'code INSEE'] },
  { name: 'too many fields on a line', file: 'sls_demandes_p_2025-02.csv', content: [SLS.join(';'), sls('1').join(';'), [...sls('2'), 'x'].join(';')], refused: ['ligne 3', '11 champs trouvés au lieu de 10'] },
  { name: 'a quote never closed', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { site_id: '"MDS' }), sls('2')]), refused: ['guillemet'] },
  { name: 'a header and no rows', file: 'sls_demandes_p_2025-02.csv', content: [SLS.join(';')], refused: ['aucune ligne de données'] },
  { name: 'a PDF', file: 'sls_demandes_p_2025-02.pdf', content: ['%PDF'], refused: ['extension « .pdf »'] },
  { name: 'a file of no known source', source: undefined, file: 'export.csv', content: slsFile([sls('1')]), refused: ['impossible de savoir de quelle source'] },
  { name: '25 bad dates: 20 examples and the count', file: 'sls_demandes_p_2025-02.csv', content: slsFile(Array.from({ length: 25 }, (_, i) => sls(String(i), { date_demande: 'bientôt' }))), refused: ['25 cas', '… et 5 autre(s) du même genre', 'ligne 21,'], absent: ['ligne 22,'] },
  // Identifying data: refused whole, values never repeated.
  { name: 'an e-mail as pseudonym', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { usager_pseudo: 'jeanne.martin@example.fr' })]), refused: ['ligne 2, colonne « usager_pseudo »', 'adresse e-mail'], identifying: true, absent: ['jeanne'] },
  { name: 'a phone number in an unknown column', file: 'sls_demandes_p_2025-02.csv', content: slsFile([[...sls('1'), 'rappeler au 06 12 34 56 78']], { header: [...SLS, 'remarque'] }), refused: ['colonne « remarque »', 'numéro de téléphone'], identifying: true, absent: ['06 12'] },
  { name: 'a NIR with a valid key', file: 'sls_demandes_p_2025-02.csv', content: slsFile([[...sls('1'), nirWithKey('2850519006084')]], { header: [...SLS, 'dossier'] }), refused: ['NIR'], identifying: true, absent: ['2850519'] },
  { name: 'a Corsican NIR with a valid key', file: 'sls_demandes_p_2025-02.csv', content: slsFile([[...sls('1'), `185052A006084${nirWithKey('1850519006084').slice(13)}`]], { header: [...SLS, 'dossier'] }), refused: ['NIR'], identifying: true, absent: ['185052A'] },
  { name: 'a street address with BIS in capitals', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { site_id: '12BIS rue de la Paix' })]), refused: ['adresse postale'], identifying: true, absent: ['Paix'] },
  { name: 'a street address in a text column', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { site_id: '12 rue de la Paix' })]), refused: ['adresse postale'], identifying: true, absent: ['Paix'] },
  { name: 'a phone number in a date column', file: 'sls_demandes_p_2025-02.csv', content: slsFile([sls('1', { date_premier_rdv: '06.12.34.56.78' })]), refused: ['date_premier_rdv', 'non reproduite'], identifying: true, absent: ['06.12'] },
  { name: 'a « Prénom » column', file: 'sls_demandes_p_2025-02.csv', content: slsFile([[...sls('1'), 'Jeanne']], { header: [...SLS, 'Prénom'] }), refused: ['colonne « Prénom »', 'directement identifiante'], identifying: true, absent: ['Jeanne'] },
  { name: 'a « Numéro de sécurité sociale » column', file: 'sls_demandes_p_2025-02.csv', content: slsFile([[...sls('1'), '']], { header: [...SLS, 'Numéro de sécurité sociale'] }), refused: ['Numéro de sécurité sociale'], identifying: true },
  { name: 'a « mail » column', file: 'sls_demandes_p_2025-02.csv', content: slsFile([[...sls('1'), '']], { header: [...SLS, 'mail'] }), refused: ['colonne « mail »'], identifying: true },
  // Other formats.
  { name: 'sites: decimal comma, open days and hours', source: 'sites', file: 'sites_cd41_2025.csv', content: [`${SITES};jours;horaires`, 'S1;CCAS de Blois — tél. 02 54 00 00 00;ccas;41018;47,5861;1,3359;commune;Blois;01/01/2015;;lun,mar,jeu;09:00-12:00/13:30-17:00'], loads: 1, query: ['SELECT latitude AS v FROM raw.sites', 47.5861] },
  { name: 'sites: hours badly written', source: 'sites', file: 'sites_cd41_2025.csv', content: [`${SITES};horaires`, 'S1;CCAS;ccas;41018;47,5;1,3;commune;Blois;;;9h-12h'], refused: ['« 9h-12h »', 'HH:MM-HH:MM'] },
  { name: 'territoires', source: 'territoires', file: 'territoires_cd41_2025.csv', content: ['code_commune;territoire', '41018;Blois', '41269;Vendômois'], loads: 2 },
  { name: 'rsa_parcours: oui/non in any case', source: 'rsa_parcours', file: 'rsa_parcours_cd41_2025-03.csv', content: [RSA, 'p1;41018;03/01/2025;;;;OUI;;', 'p2;41018;2025-01-05;01/02/2025;Sociale;;Non;;'], loads: 2, query: ['SELECT count(*) FILTER (WHERE referent_unique) AS v FROM raw.rsa_parcours', '1'] },
  { name: 'rsa_parcours: neither oui nor non', source: 'rsa_parcours', file: 'rsa_parcours_cd41_2025-03.csv', content: [RSA, 'p1;41018;03/01/2025;;;;peut-être;;'], refused: ['« peut-être »', '« oui » ou « non »'] },
  { name: 'ccas_aides: thousands separated by a no-break space', source: 'ccas_aides', file: 'ccas_aides_ccas-blois_2025-03.csv', content: [CCAS, 'A1;41018;p1;41018;03/03/2025;10/03/2025;energie;accordee;1\u00a0234,50', 'A2;41018;p2;41018;03/03/2025;;alimentaire;en_cours;'], loads: 2, query: ['SELECT max(montant_eur) AS v FROM raw.ccas_aides', 1234.5] },
  { name: 'caf_allocataires: masked and rounded counts', source: 'caf_allocataires', file: 'caf_allocataires_caf41_2025-03.csv', content: [CAF, '2025-03;41018;RSA;1 235;2 470', '2025-03;41269;rsa;;', '2025-03;41194;AAH;10;15'], loads: 3, query: ["SELECT count(*) FILTER (WHERE foyers IS NULL) AS v FROM raw.caf_allocataires", '1'] },
  { name: 'caf_allocataires: a count not rounded to 5', source: 'caf_allocataires', file: 'caf_allocataires_caf41_2025-03.csv', content: [CAF, '2025-03;41018;RSA;1234;2470'], refused: ['« 1234 » n’est pas un multiple de 5'] },
  { name: 'effectifs: decimal FTE, a bad month', source: 'effectifs', file: 'effectifs_cd41_2025-03.csv', content: [EFF, '2025-03;MDS-BLOIS;assistant_social;2,5;3;0;120', '2025-13;MDS-BLOIS;cesf;1;1;0;'], refused: ['ligne 3, colonne « mois »', '« 2025-13 »'] },
  { name: 'effectifs: decimal FTE', source: 'effectifs', file: 'effectifs_cd41_2025-03.csv', content: [EFF, '2025-03;MDS-BLOIS;assistant_social;2,5;3;0;120'], loads: 1, query: ['SELECT etp AS v FROM raw.effectifs', 2.5] },
  // The fields of the schéma unique: autonomy, disability, child protection, housing.
  { name: 'apa_demandes: loads, pending and unassessed rows included', source: 'apa_demandes', file: 'apa_demandes_cd41_2025-03.csv', content: [APA, 'D1;p1;41018;85_PLUS;03/01/2025;20/01/2025;10/03/2025;domicile;4;accordee', 'D2;p2;41269;75_84;2025-02-01;;;etablissement;;en_cours'], loads: 2, query: ["SELECT tranche_age_pa || '|' || gir || '|' || (date_decision - date_dossier_complet) AS v FROM raw.apa_demandes WHERE demande_id = 'D1'", '85_plus|4|49'] },
  { name: 'apa_demandes: a GIR of 7', source: 'apa_demandes', file: 'apa_demandes_cd41_2025-03.csv', content: [APA, 'D1;p1;41018;85_plus;03/01/2025;20/01/2025;10/03/2025;domicile;7;accordee'], refused: ['ligne 2, colonne « gir »', '« 7 » n’est pas une valeur admise', '1, 2, 3, 4, 5, 6'] },
  { name: 'apa_demandes: a decision before the complete file', source: 'apa_demandes', file: 'apa_demandes_cd41_2025-03.csv', content: [APA, 'D1;p1;41018;85_plus;03/01/2025;20/01/2025;10/03/2025;domicile;4;accordee', 'D2;p2;41018;60_74;03/01/2025;20/02/2025;10/02/2025;domicile;2;accordee'], refused: ['ligne 3, colonne « date_decision »', 'date_decision précède date_dossier_complet (10/02/2025 < 20/02/2025)', 'postérieure à date_dossier_complet'], absent: ['ligne 2,'] },
  { name: 'apa_demandes: an unknown commune', source: 'apa_demandes', file: 'apa_demandes_cd41_2025-03.csv', content: [APA, 'D1;p1;41999;85_plus;03/01/2025;;;domicile;;en_cours'], refused: ['ligne 2, colonne « commune_residence »', '« 41999 » n’est pas un code de commune du COG'] },
  { name: 'apa_demandes: a name as pseudonym', source: 'apa_demandes', file: 'apa_demandes_cd41_2025-03.csv', content: [APA, 'D1;jeanne.martin@example.fr;41018;85_plus;03/01/2025;;;domicile;;en_cours'], refused: ['colonne « usager_pseudo »', 'adresse e-mail'], identifying: true, absent: ['jeanne'] },
  { name: 'mdph_demandes: loads', source: 'mdph_demandes', file: 'mdph_demandes_mdph41_2025-03.csv', content: [MDPH, 'M1;p1;41018;40_54;03/01/2025;02/04/2025;pch;accordee', 'M2;p1;41018;40_54;03/01/2025;;RQTH;en_cours'], loads: 2, query: ["SELECT string_agg(prestation, '|' ORDER BY demande_id) AS v FROM raw.mdph_demandes", 'pch|rqth'] },
  { name: 'mdph_demandes: an unknown benefit', source: 'mdph_demandes', file: 'mdph_demandes_mdph41_2025-03.csv', content: [MDPH, 'M1;p1;41018;40_54;03/01/2025;02/04/2025;apa;accordee'], refused: ['ligne 2, colonne « prestation »', '« apa » n’est pas une valeur admise', 'pch, aah, rqth'] },
  { name: 'mdph_demandes: a decision before the deposit', source: 'mdph_demandes', file: 'mdph_demandes_mdph41_2025-03.csv', content: [MDPH, 'M1;p1;41018;40_54;03/04/2025;02/04/2025;pch;accordee'], refused: ['ligne 2, colonne « date_decision »', 'date_decision précède date_depot'] },
  { name: 'ase_informations_preoccupantes: loads, an evaluation under way', source: 'ase_informations_preoccupantes', file: 'ase_informations_preoccupantes_crip41_2025-03.csv', content: [IP, 'IP1;41018;0_2;03/01/2025;28/03/2025;accompagnement', 'IP2;41269;16_17;2025-03-01;;en_cours'], loads: 2 },
  { name: 'ase_informations_preoccupantes: a bad date', source: 'ase_informations_preoccupantes', file: 'ase_informations_preoccupantes_crip41_2025-03.csv', content: [IP, 'IP1;41018;0_2;03/01/2025;28/03/2025;accompagnement', 'IP2;41018;0_2;32/01/2025;;en_cours'], refused: ['ligne 3, colonne « date_reception »', '« 32/01/2025 » n’est pas valide'] },
  { name: 'ase_informations_preoccupantes: an age band of the adults’ list', source: 'ase_informations_preoccupantes', file: 'ase_informations_preoccupantes_crip41_2025-03.csv', content: [IP, 'IP1;41018;25_39;03/01/2025;;en_cours'], refused: ['colonne « tranche_age_enfant »', '« 25_39 » n’est pas une valeur admise'] },
  { name: 'ase_mesures: an aggregate by territory', source: 'ase_mesures', file: 'ase_mesures_cd41_2025-03.csv', content: [MESURES, '2025-03;Blois;accueil_familial;1 204', '2025-03;Blois;AEMO;310'], loads: 2, query: ['SELECT sum(mesures) AS v FROM raw.ase_mesures', '1514'] },
  { name: 'ase_mesures: a negative count', source: 'ase_mesures', file: 'ase_mesures_cd41_2025-03.csv', content: [MESURES, '2025-03;Blois;aed;-3'], refused: ['ligne 2, colonne « mesures »', '« -3 »'] },
  { name: 'ase_mesures: the same measure twice', source: 'ase_mesures', file: 'ase_mesures_cd41_2025-03.csv', content: [MESURES, '2025-03;Blois;aed;3', '2025-03;Blois;aed;4'], refused: ['ligne 3', 'figure déjà ligne 2'] },
  { name: 'fsl_aides: loads, amounts with a comma', source: 'fsl_aides', file: 'fsl_aides_cd41_2025-03.csv', content: [FSL, 'F1;p1;41018;03/03/2025;20/03/2025;acces;accordee;1 250,50', 'F2;p2;41018;03/03/2025;;energie;en_cours;'], loads: 2, query: ['SELECT max(montant_eur) AS v FROM raw.fsl_aides', 1250.5] },
  { name: 'fsl_aides: a decision before the request', source: 'fsl_aides', file: 'fsl_aides_cd41_2025-03.csv', content: [FSL, 'F1;p1;41018;20/03/2025;03/03/2025;acces;accordee;250'], refused: ['ligne 2, colonne « date_decision »', 'date_decision précède date_demande (03/03/2025 < 20/03/2025)'] },
  { name: 'fsl_aides: an unknown aid', source: 'fsl_aides', file: 'fsl_aides_cd41_2025-03.csv', content: [FSL, 'F1;p1;41018;03/03/2025;20/03/2025;loyer;accordee;250'], refused: ['ligne 2, colonne « type_aide »', '« loyer » n’est pas une valeur admise', 'acces, maintien, energie, eau, autre'] },
  // Spreadsheets.
  { name: 'XLSX with title rows and notes under the table', file: 'sls_demandes_p_2025-02.xlsx', content: (d, f) => writeXlsx(d, f, [['Demandes de février'], [], SLS, sls('1'), sls('2', { date_demande: '2025-02-04' }), [], ['Source : logiciel métier']]), loads: 2 },
  { name: 'XLSX: bad date at its spreadsheet row', file: 'sls_demandes_p_2025-02.xlsx', content: (d, f) => writeXlsx(d, f, [['Titre'], SLS, sls('1'), sls('2', { date_demande: 'demain' })]), refused: ['ligne 4, colonne « date_demande »'] },
  { name: 'XLSX: commune typed as a number', file: 'sls_demandes_p_2025-02.xlsx', content: (d, f) => writeXlsx(d, f, [SLS, [...sls('1').slice(0, 7), 1001, ...sls('1').slice(8)]]), loads: 1, note: 'zéro initial rétabli', query: ['SELECT commune_residence AS v FROM raw.sls_demandes', '01001'] },
  { name: 'XLSX: real dates', file: 'sls_demandes_p_2025-02.xlsx', content: (d, f) => writeXlsx(d, f, [SLS, [...sls('1').slice(0, 3), new Date(Date.UTC(2025, 1, 3)), null, ...sls('1').slice(5)]]), loads: 1, query: ['SELECT date_demande::VARCHAR AS v FROM raw.sls_demandes', '2025-02-03'] },
  // Consultation.
  { name: 'consultation: loads, free text scrubbed', source: 'consultation', file: 'consultation_mon-avis_2025-03.csv', content: [CONSULT, 'R1;05/03/2025;41000;usager;25_39;CCAS|france services;4;Écrivez-moi : jean@exemple.fr ou au 06 12 34 56 78', 'R2;06/03/2025;41100;elu;65_plus;;2;Plus de permanences le samedi'], loads: 2, note: '1 réponse(s) en texte libre nettoyée(s)', query: ["SELECT string_agg(valeur, ' ') AS v FROM raw.consultation_reponses WHERE question_id = 'Q3' AND reponse_id = 'R1'", 'Écrivez-moi : [donnée personnelle retirée] ou au [donnée personnelle retirée]'] },
  { name: 'consultation: a first name in free text is reported, not repeated', source: 'consultation', file: 'consultation_mon-avis_2025-03.csv', content: [CONSULT, 'R1;05/03/2025;41000;usager;25_39;CCAS;4;Merci à Nadia pour son accueil', 'R2;06/03/2025;41100;elu;65_plus;;2;Une pierre et la rose des vents', 'R3;06/03/2025;41100;elu;65_plus;;2;Voir avec Jean-Pierre'], loads: 3, note: 'Colonne « Q3 - Que faudrait-il améliorer ? » : 2 réponse(s) contiennent un prénom courant (réponse(s) R1, R3)', absent: ['Nadia', 'Jean-Pierre'] },
  { name: 'consultation: an answer not offered', source: 'consultation', file: 'consultation_mon-avis_2025-03.csv', content: [CONSULT, 'R1;05/03/2025;41000;usager;25_39;CCAS|Mairie;4;'], refused: ['« CCAS|Mairie » contient une réponse non admise', 'colonne « Q1 - Quels services connaissez-vous ? »'] },
  { name: 'consultation: a scale out of bounds', source: 'consultation', file: 'consultation_mon-avis_2025-03.csv', content: [CONSULT, 'R1;05/03/2025;41000;usager;25_39;CCAS;9;'], refused: ['« 9 » est hors des bornes', 'entre 1 et 5'] },
  { name: 'consultation: an unknown postal code', source: 'consultation', file: 'consultation_mon-avis_2025-03.csv', content: [CONSULT, 'R1;05/03/2025;99999;usager;25_39;CCAS;3;'], refused: ['« 99999 » n’est pas un code postal connu'] },
  { name: 'consultation: no place at all', source: 'consultation', file: 'consultation_mon-avis_2025-03.csv', content: [CONSULT.replace('code_postal;', ''), 'R1;05/03/2025;usager;25_39;CCAS;3;'], refused: ['code_postal ou code_commune'] },
  { name: 'consultation: a question the questionnaire does not know', source: 'consultation', file: 'consultation_mon-avis_2025-03.csv', content: [`${CONSULT};Q9 - Autre`, 'R1;05/03/2025;41000;usager;25_39;CCAS;3;;x'], refused: ['la question Q9 n’est pas décrite'] },
];

describe('a corpus of quirky and bad deliveries', () => {
  let db: Database;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    writeFileSync(path.join(dir, 'test-2025.yaml'), QUESTIONNAIRE);
  });
  afterAll(() => db?.close());

  it('has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  for (const c of cases) {
    it(c.name, async () => {
      db?.close();
      db = await openWarehouse(':memory:');
      const file = typeof c.content === 'function' ? await c.content(dir, c.file) : writeDelivery(dir, c.file, c.content, c.encoding);
      const outcome: ImportResult | RefusedDelivery = await importFile(db.connection, file, {
        source: 'source' in c ? c.source : 'sls_demandes', pseudonymKey: 'clé', tmpDir: path.join(dir, 'tmp'), questionnairesDir: dir, extraColumns: c.extraColumns,
      }).catch((e) => e);
      if (c.loads !== undefined) {
        if (outcome instanceof Error) throw outcome;
        expect(outcome.rows).toBe(c.loads);
        if (c.note) expect(outcome.notes.join('\n')).toContain(c.note);
        for (const x of c.absent ?? []) expect(outcome.notes.join('\n')).not.toContain(x);
        if (c.query) {
          const [row] = await queryRows<{ v: unknown }>(db.connection, c.query[0]);
          expect(row.v).toEqual(c.query[1]);
        }
      } else {
        expect(outcome).toBeInstanceOf(RefusedDelivery);
        const refused = outcome as RefusedDelivery;
        for (const s of c.refused ?? []) expect(refused.message).toContain(s);
        for (const s of c.absent ?? []) expect(refused.message).not.toContain(s);
        expect(refused.identifying).toBe(Boolean(c.identifying));
        expect(refused.message).toContain(path.basename(c.file));
      }
    });
  }
});
