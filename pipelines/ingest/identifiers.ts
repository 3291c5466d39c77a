// Direct identifiers must never enter the warehouse. Person-level files are scanned, header and
// content of every column (also those the contract does not know); the report names the column
// and lines but never repeats the values. Consultation free text is scrubbed instead.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { projectRoot } from '../config.ts';
import { sqlString } from '../warehouse/duckdb.ts';

export const SCRUB_MARKER = '[donnée personnelle retirée]';

// RE2 has no look-behind: a boundary group is matched (and put back when scrubbing).
const EDGE = '(^|[^0-9A-Za-z])';
const END = '($|[^0-9A-Za-z])';
const EMAIL = '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}';
const PHONE = '(\\+33 ?(\\(0\\) ?)?|0033 ?|0)[1-9]([ .-]?[0-9]{2}){4}';
// Sex, year, month, département (2A/2B in Corsica), commune, order, key; spaces allowed between.
const NIR = '[1-478] ?[0-9]{2} ?[0-9]{2} ?(2[AaBb]|[0-9]{2}) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}';
const STREET = '(rue|avenue|av\\.?|boulevard|bd|chemin|impasse|all[ée]e|place|route|quai|cours|square|sentier|passage|r[ée]sidence|lotissement|lieu-dit|hameau|faubourg|voie|rond-point|esplanade|promenade|cit[ée]|villa|ruelle|chauss[ée]e)';
const ADDRESS = `[0-9]{1,4} ?(bis|ter|b)?,? +${STREET}( |$)`;

export const IDENTIFIER_KINDS = [
  { kind: 'email', label: 'une adresse e-mail' },
  { kind: 'telephone', label: 'un numéro de téléphone' },
  { kind: 'nir', label: 'un numéro de la forme d’un NIR (numéro de sécurité sociale)' },
  { kind: 'adresse', label: 'une adresse postale' },
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number]['kind'];

/** Macros used by the expressions below; to run once per connection. */
export async function prepareIdentifierMacros(connection: DuckDBConnection): Promise<void> {
  // A NIR-shaped number counts whatever its key: a NIR typed with a wrong key, or with its key
  // cut off, still names a person (and the key is what a partner's software gets wrong).
  await connection.run(`CREATE OR REPLACE TEMP MACRO solidata_has_nir(v) AS regexp_matches(v, ${sqlString(EDGE + NIR + END)})`);
  // A capitalised word that is a frequent first name: free text that may name someone.
  await connection.run(`CREATE OR REPLACE TEMP MACRO solidata_has_first_name(v) AS
    list_has_any(list_transform(regexp_extract_all(v, '\\p{Lu}\\p{Ll}+'), t -> lower(strip_accents(t))), [${firstNames().map(sqlString).join(', ')}])`);
}

let names: string[] | undefined;
/** The public list of frequent first names (reference/prenoms), lower case without accents. */
export function firstNames(): string[] {
  names ??= readFileSync(path.join(projectRoot, 'reference', 'prenoms', 'prenoms_frequents.txt'), 'utf8')
    .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return names;
}

/** SQL: true when the text cell holds an identifier of this kind. */
export function identifierTest(kind: IdentifierKind, v: string): string {
  switch (kind) {
    case 'email': return `regexp_matches(${v}, ${sqlString(EMAIL)})`;
    case 'telephone': return `regexp_matches(${v}, ${sqlString(EDGE + PHONE + END)})`;
    case 'nir': return `solidata_has_nir(${v})`;
    case 'adresse': return `regexp_matches(${v}, ${sqlString(`(?i)(^|[^0-9])${ADDRESS}`)})`;
  }
}

// Something every identifier has: an @; nine digits (maybe with single separators) or the start
// of a Corsican NIR, not glued to a letter or digit before (so not inside a hexadecimal
// pseudonym); or a number followed by a space, a comma or bis/ter in any case (a street number).
// One pass of one simple expression; it must hold for whatever the tests above find.
const MAYBE = `(?i)@|(^|[^0-9A-Za-z])[0-9]([ .-]?[0-9]){8}|(^|[^0-9A-Za-z])[0-9] ?[0-9]{2} ?[0-9]{2} ?2[ab]|[0-9] ?(bis|ter|b)?[ ,]`;

/**
 * SQL: true when the cell holds any identifier. A cheap test first keeps the regular
 * expressions of each kind off the vast majority of cells: a CASE, because DuckDB evaluates
 * both sides of an AND over the whole batch but a THEN only on the rows its WHEN selects.
 */
export function identifiersSql(v: string): string {
  return `CASE WHEN regexp_matches(${v}, ${sqlString(MAYBE)}) THEN coalesce(${IDENTIFIER_KINDS.map(({ kind }) => identifierTest(kind, v)).join(' OR ')}, false) ELSE false END`;
}

/**
 * SQL: true when any of these cells holds an identifier. The cheap test runs once on the cells
 * put end to end (a line break between them, which the test never crosses, and which starts a
 * cell as the start of the text would), then the per-cell tests only on the rows it lets through.
 */
export function identifiersInSql(values: string[]): string {
  if (values.length < 2) return values.map(identifiersSql).join(' OR ') || 'false';
  return `CASE WHEN regexp_matches(concat_ws(chr(10), ${values.join(', ')}), ${sqlString(MAYBE)}) THEN ${values.map(identifiersSql).join(' OR ')} ELSE false END`;
}

/** SQL: the free text with every e-mail, phone number, NIR-shaped number and street address replaced. */
export function scrubSql(v: string): string {
  const marker = sqlString(SCRUB_MARKER);
  let out = v;
  out = `regexp_replace(${out}, ${sqlString(EMAIL)}, ${marker}, 'g')`;
  // A NIR-shaped number goes even without a valid key: in free text, scrubbing too much is harmless.
  out = `regexp_replace(${out}, ${sqlString(EDGE + NIR)}, ${sqlString('\\1')} || ${marker}, 'g')`;
  out = `regexp_replace(${out}, ${sqlString(EDGE + PHONE)}, ${sqlString('\\1')} || ${marker}, 'g')`;
  out = `regexp_replace(${out}, ${sqlString(`(?i)(^|[^0-9])[0-9]{1,4} ?(bis|ter|b)?,? +${STREET}\\b[^,;.\\n]*`)}, ${sqlString('\\1')} || ${marker}, 'g')`;
  return out;
}

const normalise = (header: string) =>
  header.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

// Words that make a header name a person's identity; `nom` is fine when it names a place.
const IDENTIFYING_TOKENS = new Set([
  'nom', 'noms', 'prenom', 'prenoms', 'patronyme', 'nir', 'nss', 'secu', 'insee_personne', 'email', 'mail', 'courriel',
  'telephone', 'tel', 'tele', 'portable', 'mobile', 'fixe', 'gsm', 'adresse', 'rue', 'voie',
]);
const IDENTIFYING_PHRASES = ['securite_sociale', 'e_mail', 'num_secu', 'n_secu', 'no_secu', 'numero_secu', 'adresse_postale', 'code_nir', 'nom_de_famille', 'nom_naissance', 'nom_usage'];
const PLACE_WORDS = new Set(['site', 'commune', 'structure', 'service', 'ccas', 'territoire', 'epci', 'departement', 'lieu', 'organisme', 'ville', 'voie_acces']);

/** A header that names a direct identifier (nom, prénom, NIR, e-mail, téléphone, adresse, and their usual spellings). */
export function isIdentifyingHeader(header: string): boolean {
  const n = normalise(header);
  if (IDENTIFYING_PHRASES.some((p) => n.includes(p))) return true;
  const tokens = n.split('_');
  if (tokens.some((t) => PLACE_WORDS.has(t))) return false;
  return tokens.some((t) => IDENTIFYING_TOKENS.has(t));
}
