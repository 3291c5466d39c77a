// The dictionary of the warehouse and of the published database (docs/modeles.md), generated from
// the assets themselves: every table is built empty in memory from the real SQL, so its columns and
// types are the real ones; a column's meaning comes from the model's header (`columns:`), else from
// the contract of its source, else from the same column upstream. The rows are those of the table
// `dictionnaire` (the dashboard's page); `npm run docs` writes the same as docs/modeles.md.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathsFor, projectRoot } from '../config.ts';
import { contracts } from '../contracts/index.ts';
import { createTables } from '../ingest/tables.ts';
import { createEditionTables, EDITION_TABLES, publishedTables } from '../publish/publish.ts';
import { openWarehouse, queryRows, readSqlFile, sqlIdent } from '../warehouse/duckdb.ts';
import type { Asset, AssetContext, Graph } from './asset.ts';
import { hashText, parseHeader, publishHeaderSchema, readSqlModel, columnDocsSchema } from './sql_model.ts';

export interface TableDoc {
  name: string;
  description: string;
  origin: string[];
  columns: { name: string; type: string; doc: string }[];
}

/** What every indicator returns (sql/indicators/*.sql), documented once. */
export const INDICATOR_COLUMNS: Record<string, string> = {
  niveau: 'Niveau géographique de la case : commune, site, territoire, departement ou france.',
  code: 'Code du lieu : code INSEE de la commune, identifiant du site, nom du territoire, numéro du département, FR.',
  libelle: 'Nom du lieu, pour l’affichage.',
  periode: 'Période de la case : AAAA-MM (mois), AAAA (année) ou AAAA-MM-JJ (situation à une date).',
  dimension: 'Ventilation de la case (ex. motif, canal, profil) ; vide pour un total.',
  modalite: 'Modalité de la ventilation (ex. logement) ; vide pour un total.',
  valeur: 'La valeur de l’indicateur, dans son unité.',
  numerateur: 'Pour un taux ou un ratio : son numérateur.',
  denominateur: 'Pour un taux ou un ratio : son dénominateur.',
  effectif: 'Nombre de personnes (demandes, foyers, répondants…) derrière la case, qui décide du secret statistique ; vide si l’indicateur ne compte pas des personnes (ETP, postes, population).',
  indicateur: 'Identifiant de l’indicateur (nom de son fichier dans sql/indicators/).',
  unite: 'Unité de la valeur.',
  date_donnees: 'Date des données derrière la case : la date d’extraction la plus récente des livraisons de sa source principale (la première de son en-tête) ; à défaut, la fin de la période de la case.',
  date_donnees_estimee: 'Vrai quand aucune date d’extraction n’a été transmise et que la fin de la période de la case tient lieu de date des données.',
};

export async function describeModels(graph: Graph): Promise<TableDoc[]> {
  const db = await openWarehouse(':memory:');
  const c = db.connection;
  // An empty data directory of its own: assets may leave files there (e.g. the travel times' stamp).
  const dataDir = mkdtempSync(path.join(tmpdir(), 'solidata-dictionnaire-'));
  try {
    for (const contract of Object.values(contracts)) await createTables(c, contract);
    await c.run('SET VARIABLE proximite_km = 2');
    const ctx: AssetContext = { paths: pathsFor(dataDir), settings: { dataDir, secretThreshold: 11 }, runId: 'dictionnaire', warehouse: async () => c };
    for (const name of graph.order) {
      if (name.startsWith('raw.') || name === 'publication' || name.startsWith('dashboard')) continue;
      // The dictionary describes itself without running itself.
      if (name === DICTIONARY_ASSET) await c.run(`CREATE SCHEMA IF NOT EXISTS marts; CREATE TABLE ${DICTIONARY_ASSET} (${Object.keys(DICTIONARY_COLUMNS).map((k) => `${k} VARCHAR`).join(', ')})`);
      else await graph.assets.get(name)!.materialise(ctx);
    }
    await c.run('CREATE SCHEMA secret; CREATE TABLE secret.cellules (edition VARCHAR, indicateur VARCHAR, niveau VARCHAR, code VARCHAR, periode VARCHAR, dimension VARCHAR, modalite VARCHAR, suppression VARCHAR, partiel BOOLEAN)');
    await c.run('CREATE SCHEMA publie');
    for (const t of publishedTables()) {
      const sql = readSqlFile(`publish/${t}.sql`).trim().replace(/;\s*$/, '').replace(/\bpub\./g, 'publie.');
      await c.run(`CREATE TABLE publie.${sqlIdent(t)} AS ${sql}`);
    }
    await createEditionTables(c, 'publie');
    const columns = await queryRows<{ s: string; t: string; col: string; type: string }>(c, `
      SELECT table_schema AS s, table_name AS t, column_name AS col, data_type AS type FROM information_schema.columns
      WHERE table_catalog = current_database() AND table_schema NOT IN ('information_schema', 'pg_catalog')
      ORDER BY table_schema, table_name, ordinal_position`);
    const byTable = new Map<string, { name: string; type: string }[]>();
    for (const r of columns) byTable.set(`${r.s}.${r.t}`, [...(byTable.get(`${r.s}.${r.t}`) ?? []), { name: r.col, type: r.type }]);

    const docs = new Map<string, TableDoc>();
    const contractDoc = (table: string, column: string) => {
      const [schema, name] = table.split('.');
      const source = schema === 'raw' ? name : undefined;
      return source ? contracts[source]?.columns.find((col) => col.name === column)?.doc : undefined;
    };
    const inherited = (origin: string[], column: string) => {
      for (const o of origin) {
        const found = docs.get(o)?.columns.find((col) => col.name === column)?.doc;
        if (found) return found;
        const fromContract = contractDoc(o, column);
        if (fromContract) return fromContract;
      }
      return undefined;
    };
    const add = (name: string, description: string, origin: string[], own: Record<string, string>) => {
      const cols = byTable.get(name) ?? [];
      docs.set(name, {
        name, description, origin,
        columns: cols.map((col) => ({ ...col, doc: own[col.name] ?? contractDoc(name, col.name) ?? inherited(origin, col.name) ?? SHARED_COLUMNS[col.name] ?? '' })),
      });
    };
    for (const contract of Object.values(contracts)) add(`raw.${contract.source}`, `Les lignes des livraisons actives et remplacées « ${contract.source} » (${contract.row}), telles que chargées.`, [], { _livraison: 'Identifiant de la livraison dont vient la ligne (meta.livraisons).' });
    for (const name of graph.order) {
      const asset = graph.assets.get(name)!;
      // A table is named schema.table; an asset named otherwise writes none (publication, dashboard, macros).
      if (name.startsWith('raw.') || !name.includes('.')) continue;
      // SQL models have a file of their own; TypeScript assets (ref.*, marts.indicateurs, marts.accessibilite) do not.
      const file = path.join(projectRoot, 'sql', name.split('.')[0], `${name.split('.')[1]}.sql`);
      const own = existsSync(file) ? parseHeader(readSqlModel(file), columnDocsSchema).columns : {};
      const generic = name.startsWith('indicators.') || ['marts.indicateurs', 'marts.accessibilite', 'intermediate.int_durees', 'intermediate.int_kaplan_meier'].includes(name) ? INDICATOR_COLUMNS : {};
      add(name, asset.description, asset.upstream, { ...generic, ...REFERENCE_COLUMNS[name], ...asset.columns, ...own });
      for (const extra of asset.provides ?? []) if (!extra.startsWith('raw.')) add(extra, asset.description, asset.upstream, { ...asset.columns, ...REFERENCE_COLUMNS[extra] });
    }
    for (const t of publishedTables()) {
      const file = path.join(projectRoot, 'sql', 'publish', `${t}.sql`);
      const header = parseHeader(readSqlModel(file), publishHeaderSchema);
      const origin = readSqlModel(file).references;
      add(`publie.${t}`, header.description, origin, { ...INDICATOR_COLUMNS, ...header.columns });
    }
    for (const [t, doc] of Object.entries(EDITION_TABLES)) add(`publie.${t}`, doc.description, doc.from ? [`publie.${doc.from}`] : [], { ...INDICATOR_COLUMNS, ...doc.columns });
    return [...docs.values()];
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Columns found in many tables, with one meaning everywhere. */
const SHARED_COLUMNS: Record<string, string> = {
  date_donnees: 'Date des données : la date d’extraction de la livraison dont vient la ligne (ou, à défaut, la plus récente de ses dates).',
  questionnaire: 'Identifiant du questionnaire de la consultation (sa description YAML).',
  code_departement: 'Numéro du département.',
};

/** Columns of the reference tables, which have no SQL file of their own. */
const REFERENCE_COLUMNS: Record<string, Record<string, string>> = {
  'ref.communes': {
    code_commune: 'Code INSEE de la commune (COG en vigueur).', nom: 'Nom de la commune.', code_departement: 'Numéro du département.',
    population: 'Population légale (COG, @etalab/decoupage-administratif).', codes_postaux: 'Codes postaux de la commune.',
    latitude: 'Latitude du centre de la commune (moyenne des contours pondérée par la surface ; vide sans contours livrés).',
    longitude: 'Longitude du centre de la commune.',
    code_epci: 'SIREN de l’EPCI à fiscalité propre de la commune (200046977 : Métropole de Lyon).',
  },
  'ref.departements': { code_departement: 'Numéro du département.', nom: 'Nom du département.', population: 'Population légale : somme de celle de ses communes.' },
  'ref.drees_minima_sociaux': {
    dispositif: 'Minimum social (RSA, AAH, ASS…).', code: 'Numéro du département, ou FR pour la France entière.', libelle: 'Nom du département ou « France ».',
    annee: 'Année (bénéficiaires au 31 décembre).', allocataires: 'Nombre d’allocataires.',
  },
  'ref.contours': {
    code_commune: 'Code INSEE de la commune actuelle.', code_contour: 'Code de la commune dans le fichier de contours (une commune fusionnée depuis en a plusieurs).',
    geometrie: 'Géométrie GeoJSON (Polygon ou MultiPolygon, longitude/latitude).',
  },
  'ref.drees_prestations': {
    prestation: 'Prestation, nommée comme dans les livraisons de la CAF (RSA, PPA, AAH, AL, ASS).', code: 'Numéro du département.',
    libelle: 'Nom du département.', mois: 'Mois (AAAA-MM).', allocataires: 'Nombre de foyers allocataires.',
    provisoire: 'Vrai si la DREES marque ce mois comme provisoire.',
  },
  'ref.drees_personnel': {
    mesure: 'eff (effectifs) ou etp (équivalents temps plein).', categorie: 'Catégorie de personnel (ex. total general hors AF).',
    code: 'Numéro du département.', libelle: 'Nom du département.', annee: 'Année.', valeur: 'Effectif ou ETP.',
  },
};

/** One row of the table `dictionnaire` (marts.dictionnaire, published as is): one column of one table. */
export interface DictionaryRow {
  partie: 'publiee' | 'entrepot';
  table_nom: string;
  table_description: string;
  origine: string;
  colonne: string;
  type: string;
  signification: string;
}

/** The rows of the published dictionary: what the dashboard's page and docs/modeles.md both show. */
export function dictionaryRows(tables: TableDoc[]): DictionaryRow[] {
  return tables.flatMap((t) => {
    const published = t.name.startsWith('publie.');
    return t.columns.map((col) => ({
      partie: published ? 'publiee' : 'entrepot',
      table_nom: published ? t.name.slice('publie.'.length) : t.name,
      table_description: t.description ?? '', origine: t.origin.join(', '), colonne: col.name, type: col.type, signification: col.doc ?? '',
    } satisfies DictionaryRow));
  });
}

/** docs/modeles.md, written from the rows of the published dictionary (`npm run docs`). */
export function dictionaryMarkdown(rows: DictionaryRow[]): string {
  const escape = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  // The tables in the order of their first row, each with its columns in order.
  const tables = new Map<string, DictionaryRow[]>();
  for (const r of rows) {
    const key = `${r.partie}\u0000${r.table_nom}`;
    tables.set(key, [...(tables.get(key) ?? []), r]);
  }
  const section = (title: string, intro: string, partie: DictionaryRow['partie']) => [
    `## ${title}`, '', intro, '',
    ...[...tables.values()].filter((cols) => cols[0].partie === partie).flatMap((cols) => {
      const t = cols[0];
      const origin = t.origine.split(', ').filter(Boolean);
      return [
        `### \`${partie === 'publiee' ? `publie.${t.table_nom}` : t.table_nom}\``, '',
        t.table_description || '—', '',
        ...(origin.length > 0 ? [`Vient de : ${origin.map((o) => `\`${o}\``).join(', ')}.`, ''] : []),
        '| colonne | type | signification |', '|---|---|---|',
        ...cols.map((col) => `| \`${col.colonne}\` | ${col.type} | ${escape(col.signification) || '—'} |`), '',
      ];
    }),
  ];
  return [
    '# Dictionnaire de l’entrepôt et de la base publiée',
    '',
    '<!-- Généré par `npm run docs` à partir de la table `dictionnaire` (pipelines/assets/models_dictionary.ts) : ne pas modifier à la main. -->',
    '',
    'Les formats d’échange (ce que livrent les partenaires) sont décrits dans `docs/dictionnaire.md`.',
    '',
    ...section('La base publiée (`published.duckdb`)', 'Ce que lit le tableau de bord : des agrégats et des données publiques seulement, secret statistique appliqué. Chaque table est nommée ici `publie.<table>` ; dans le fichier, elle s’appelle `<table>`.', 'publiee'),
    ...section('L’entrepôt (`warehouse.duckdb`)', 'Interne : il contient des lignes pseudonymisées. Une table par actif, `<couche>.<nom>` ; les couches : `raw` (livraisons), `ref` (données publiques livrées), `staging`, `intermediate`, `marts`, `indicators`.', 'entrepot'),
  ].join('\n');
}

export const modelsDictionaryFile = path.join(projectRoot, 'docs', 'modeles.md');

export const DICTIONARY_ASSET = 'marts.dictionnaire';
const DICTIONARY_COLUMNS: Record<string, string> = {
  partie: 'publiee (la base publiée, ce que lit le tableau de bord) ou entrepot (interne).',
  table_nom: 'Nom de la table : `<couche>.<nom>` dans l’entrepôt, `<table>` dans la base publiée.',
  table_description: 'Ce que contient la table.',
  origine: 'Les tables dont elle vient, séparées par des virgules.',
  colonne: 'Nom de la colonne.',
  type: 'Type DuckDB de la colonne.',
  signification: 'Ce que veut dire la colonne.',
};

/** Every file the dictionary is made from: a change in one makes it stale. */
function dictionarySources(): string {
  const files = ['sql', 'pipelines/contracts', 'pipelines/assets'].flatMap((dir) =>
    readdirSync(path.join(projectRoot, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(sql|ts)$/.test(e.name))
      .map((e) => path.join(e.parentPath ?? e.path, e.name)));
  return files.sort().map((f) => `${path.relative(projectRoot, f)}\n${readFileSync(f, 'utf8')}`).join('\n');
}

/** The same dictionary as docs/modeles.md, as a table, so that the dashboard's data page shows it. */
export function dictionaryAsset(graph: () => Graph): Asset {
  return {
    name: DICTIONARY_ASSET,
    description: 'Le dictionnaire des tables et des colonnes de l’entrepôt et de la base publiée (le même que docs/modeles.md), pour la page « Les données » du tableau de bord.',
    upstream: [],
    codeHash: hashText(dictionarySources()),
    columns: DICTIONARY_COLUMNS,
    checks: [],
    async materialise(ctx) {
      const tables = await describeModels(graph());
      const db = await ctx.warehouse();
      await db.run('CREATE SCHEMA IF NOT EXISTS marts');
      await db.run(`CREATE OR REPLACE TABLE ${DICTIONARY_ASSET} (${Object.keys(DICTIONARY_COLUMNS).map((k) => `${k} VARCHAR`).join(', ')})`);
      const appender = await db.createAppender('dictionnaire', 'marts');
      const rows = dictionaryRows(tables);
      for (const r of rows) {
        for (const v of [r.partie, r.table_nom, r.table_description, r.origine, r.colonne, r.type, r.signification]) appender.appendVarchar(v);
        appender.endRow();
      }
      appender.closeSync();
      return { rows: rows.length };
    },
  };
}
