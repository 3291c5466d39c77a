// DuckDB's messages, explained in French for the common mistakes; the original follows, for
// whoever wants the detail (and for the mistakes not foreseen here).
export interface TableInfo {
  schema: string;
  name: string;
  /** As one writes it in a query: `name` in the main schema, `schema.name` elsewhere. */
  label: string;
  columns: { name: string; type: string }[];
}

interface Context {
  sql: string;
  tables: TableInfo[];
}

type Rule = (match: RegExpExecArray, context: Context) => string;

const rules: [RegExp, Rule][] = [
  [/Table with name "?([^"!]+?)"? does not exist/, ([, name], { tables }) =>
    `La table « ${name} » n’existe pas. ${available(tables)}`],
  [/Referenced column "([^"]+)" not found/, ([, column], context) =>
    `La colonne « ${column} » n’existe pas. ${columnsOf(context)}`],
  [/Table "([^"]+)" does not have a column named "([^"]+)"/, ([, table, column], context) =>
    `La table « ${table} » n’a pas de colonne « ${column} ». ${columnsOf(context, table)}`],
  [/Referenced table "([^"]+)" not found/, ([, table]) =>
    `« ${table} » ne désigne aucune table de la requête (ni nom, ni alias après FROM ou JOIN).`],
  [/Parser Error: syntax error at end of input/, () =>
    'Erreur de syntaxe : la requête s’arrête trop tôt (il manque la fin, par exemple après une virgule, un opérateur ou WHERE).'],
  // DuckDB's message then shows the line, with a caret under the place.
  [/Parser Error: syntax error at or near "([^"]*)"/, ([, near]) =>
    `Erreur de syntaxe près de « ${near} » (voir la flèche ^ ci-dessous).`],
  [/Parser Error: unterminated quoted string/, () =>
    'Erreur de syntaxe : une chaîne entre apostrophes n’est pas refermée (une apostrophe dans un texte s’écrit \'\').'],
  [/(Scalar|Aggregate|Table) Function with name (\S+) does not exist/, ([, , name]) =>
    `La fonction « ${name} » n’existe pas dans DuckDB.`],
  [/Schema with name "?([^"!\s]+)"? does not exist|because schema "([^"]+)" does not exist/, ([, a, b], { tables }) =>
    `Le schéma « ${a ?? b} » n’existe pas. ${available(tables)}`],
  [/column "([^"]+)" must appear in the GROUP BY clause/, ([, column]) =>
    `La colonne « ${column} » doit figurer dans GROUP BY, ou dans une fonction d’agrégation (count, sum, any_value…).`],
  [/Ambiguous reference to column name "([^"]+)"/, ([, column]) =>
    `La colonne « ${column} » existe dans plusieurs tables de la requête : précisez laquelle (table.${column}).`],
  [/attached in read-only mode/, () =>
    'La base est ouverte en lecture seule : on peut l’interroger (SELECT, DESCRIBE…), pas la modifier.'],
  [/Conversion Error/, () => 'Conversion impossible : une valeur n’a pas le type attendu.'],
];

export function explainError(original: string, context: Context): string {
  for (const [pattern, rule] of rules) {
    const match = pattern.exec(original);
    if (match) return `${rule(match, context)}\nDuckDB : ${original}`;
  }
  return `La requête a échoué.\nDuckDB : ${original}`;
}

function available(tables: TableInfo[]): string {
  return tables.length === 0 ? 'La base ne contient aucune table.' : `Tables disponibles : ${tables.map((t) => t.label).join(', ')}.`;
}

/** The columns of the named table, or of the tables the query names. */
function columnsOf({ sql, tables }: Context, table?: string): string {
  const named = table
    ? tables.filter((t) => sameName(t, table))
    : tables.filter((t) => new RegExp(`(^|[^\\w."])"?${escape(t.name)}"?($|[^\\w"])`, 'i').test(stripLiterals(sql)));
  return named.map((t) => `Colonnes de la table « ${t.label} » : ${t.columns.map((c) => c.name).join(', ')}.`).join('\n');
}

const sameName = (t: TableInfo, name: string) => [t.name, t.label].some((n) => n.toLowerCase() === name.toLowerCase());

// A table named inside a string is not a table the query reads.
const stripLiterals = (sql: string) => sql.replace(/'(?:[^']|'')*'/g, "''");
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
