// The documentation of the exchange formats, generated from the contracts (docs/dictionnaire.md).
// A test keeps the committed file in sync: regenerate with `npm run docs`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedValue, type ColumnSpec } from './columns.ts';
import type { Contract } from './contract.ts';
import { contracts } from './index.ts';
import { exampleQuestionnaire } from './questionnaire.ts';

const presence = (c: ColumnSpec) => (c.omissible ? 'colonne facultative' : c.nullable ? 'cellule vide admise' : 'obligatoire');

function contractPage(c: Contract): string {
  const lines = [
    `## \`${c.source}\``,
    '',
    `Une ligne est ${c.row}. Fichier nommé \`${c.source}_<producteur>_<periode>.csv\` (ou \`.xlsx\`), déposé dans \`inbox/${c.source}/\`.`,
    '',
    `- Niveau individuel : ${c.personLevel ? 'oui — en-têtes et contenus inspectés à la recherche de données identifiantes ; pseudonymes re-hachés avec la clé secrète' : 'non'}.`,
    `- Identifiant d’une ligne : ${c.key.map((k) => `\`${k}\``).join(' + ')}.`,
    ...(c.atLeastOne ?? []).map((g) => `- Au moins une de ces colonnes par ligne : ${g.map((k) => `\`${k}\``).join(', ')}.`),
    ...(c.ordered ?? []).map(([a, b]) => `- \`${b}\` ne peut précéder \`${a}\` (ligne refusée sinon).`),
    ...(c.notes ?? []).map((n) => `- ${n}`),
    '',
    '| colonne | type DuckDB | présence | valeurs attendues | description |',
    '|---|---|---|---|---|',
    ...c.columns.map((col) => `| \`${col.name}\` | ${col.duckType} | ${presence(col)} | ${expectedValue(col).replaceAll('|', '\\|')}${col.commune ? ' ; contrôlé dans le COG, commune fusionnée ramenée à la commune actuelle' : ''} | ${col.doc} |`),
    '',
  ];
  return lines.join('\n');
}

export function formatsMarkdown(): string {
  return [
    '# Dictionnaire des données échangées',
    '',
    '<!-- Généré par pipelines/contracts/formats_doc.ts à partir des contrats : ne pas modifier à la main. -->',
    '',
    'Règles communes : CSV en UTF-8 ou Windows-1252, avec ou sans BOM, séparé par `;` ou `,` ; virgule ou point décimal ;',
    'espace ou espace insécable comme séparateur de milliers ; dates `JJ/MM/AAAA` ou `AAAA-MM-JJ` ; `oui`/`non` en',
    'majuscules ou minuscules ; ou un classeur XLSX (première feuille ; lignes de titre au-dessus de l’en-tête et notes',
    'sous le tableau admises). Les codes restent du texte : `01001` garde son zéro, `2A004` (Corse) est valide.',
    'Une livraison est une photographie complète des données d’un producteur pour une période : la livrer à nouveau',
    'remplace la précédente (l’historique des livraisons est gardé) ; charger deux fois le même fichier ne change rien.',
    '',
    ...Object.values(contracts).map(contractPage),
    '## Le fichier de questionnaire',
    '',
    'Une consultation est décrite par un petit fichier YAML (ou JSON), déposé dans `inbox/consultation/` ou enregistré par',
    '`solidata import questionnaire FICHIER`. Chaque question a un `id` (`Q1`, `Q2`…) qui la relie à la colonne',
    '`Qn - texte` de l’export (ou à la colonne nommée par `colonne`), un `type` parmi `choix_unique`, `choix_multiple`',
    '(choix séparés par `|` dans la cellule), `echelle` (nombre entier entre `min` et `max`) et `texte_libre`, et pour les',
    'choix la liste `reponses` des réponses admises (majuscules indifférentes). `obligatoire: true` refuse une cellule vide.',
    'L’export est rapproché du questionnaire dont il contient toutes les questions. Exemple :',
    '',
    '```yaml',
    exampleQuestionnaire.trimEnd(),
    '```',
    '',
  ].join('\n');
}

export const formatsDocFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'dictionnaire.md');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(formatsDocFile, formatsMarkdown());
  console.log(`Dictionnaire écrit : ${formatsDocFile}`);
}
