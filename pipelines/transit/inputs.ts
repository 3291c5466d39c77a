// What a coverage computation reads from a data directory: the communes and sites of the
// warehouse (or of the published database, which lacks the days and hours), a GTFS feed left
// beside them, the day to study; and the one call an asset needs to publish the indicators.
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { queryRows } from '../warehouse/duckdb.ts';
import { accessSettings, coverage, indicatorRows, type AccessConfig, type CoverageResult, type IndicatorRow, type LeftOutCommune } from './coverage.ts';
import { readGtfs, type GtfsFeed } from './gtfs.ts';
import type { ServicePoint } from './places.ts';
import { communePoints, readFilosofiGrid, type CommuneInfo } from './population.ts';
import { addDays, typicalDay, weekdayOf } from './timetable.ts';
import { networkWalker } from './walking.ts';

export interface StoredPlaces {
  communes: CommuneInfo[];
  sites: ServicePoint[];
  /** Whether the sites came with their days and hours (the warehouse has them, the published database not). */
  hours: boolean;
  /** The latest extraction date of the sites (AAAA-MM-JJ). */
  dataDate?: string;
}

const iso = (v: unknown) => (v ? String(v).slice(0, 10) : undefined);
const num = (v: unknown) => (v === null || v === undefined ? NaN : Number(v));

/** Communes (intermediate.int_communes) and sites (staging.stg_sls__sites) from an open warehouse. */
export async function readWarehousePlaces(db: DuckDBConnection): Promise<StoredPlaces> {
  const communes = await queryRows<Record<string, unknown>>(db, 'SELECT code_commune, nom, territoire, population, latitude, longitude FROM intermediate.int_communes');
  const sites = await queryRows<Record<string, unknown>>(db, 'SELECT site_id, nom, type, code_commune, latitude, longitude, date_ouverture, date_fermeture, jours, horaires, date_donnees FROM staging.stg_sls__sites');
  return {
    communes: communes.map(communeOf),
    sites: sites.map((s) => ({ ...siteOf(s), jours: (s.jours as string) || undefined, horaires: (s.horaires as string) || undefined })),
    hours: true,
    dataDate: sites.map((s) => iso(s.date_donnees)).filter((d): d is string => Boolean(d)).sort().at(-1),
  };
}

/** The same from the published database (tables communes and sites), without days and hours. */
export async function readPublishedPlaces(db: DuckDBConnection): Promise<StoredPlaces> {
  const communes = await queryRows<Record<string, unknown>>(db, 'SELECT code_commune, nom, territoire, population, latitude, longitude FROM communes');
  const sites = await queryRows<Record<string, unknown>>(db, 'SELECT site_id, nom, type, code_commune, latitude, longitude, date_ouverture, date_fermeture FROM sites');
  return { communes: communes.map(communeOf), sites: sites.map(siteOf), hours: false };
}

function communeOf(c: Record<string, unknown>): CommuneInfo {
  return { code: String(c.code_commune), nom: String(c.nom ?? c.code_commune), territoire: (c.territoire as string) ?? undefined, population: Number(c.population ?? 0), lat: num(c.latitude), lon: num(c.longitude) };
}

function siteOf(s: Record<string, unknown>): ServicePoint {
  return { id: String(s.site_id), nom: String(s.nom), type: String(s.type), commune: (s.code_commune as string) ?? undefined, lat: num(s.latitude), lon: num(s.longitude), ouverture: iso(s.date_ouverture), fermeture: iso(s.date_fermeture) };
}

/** A feed left in the data directory: gtfs.zip, gtfs/, or the inbox's gtfs/ folder (its latest .zip, or its .txt files). */
export function findFeed(dataDir: string): string | undefined {
  const root = path.resolve(dataDir);
  for (const c of [path.join(root, 'gtfs.zip'), path.join(root, 'gtfs'), path.join(root, 'inbox', 'gtfs')]) {
    if (!existsSync(c)) continue;
    if (!statSync(c).isDirectory()) return c;
    if (existsSync(path.join(c, 'stops.txt'))) return c;
    const zip = readdirSync(c).filter((f) => f.toLowerCase().endsWith('.zip')).sort().at(-1);
    if (zip) return path.join(c, zip);
  }
  return undefined;
}

/** The day studied: the one asked for, else an ordinary Tuesday of the feed, else the first Tuesday from the data's date (or today). */
export function chooseDay(options: { date?: string; feed?: GtfsFeed; dataDate?: string }): string {
  if (options.date) return options.date;
  const fromFeed = options.feed ? typicalDay(options.feed) : undefined;
  if (fromFeed) return fromFeed;
  const from = options.dataDate ?? new Date().toISOString().slice(0, 10);
  return addDays(from, (1 - weekdayOf(from) + 7) % 7);
}

export interface PublishedCoverage {
  /** The day studied (AAAA-MM-JJ), also the rows' `periode`. */
  date: string;
  /** For marts.indicateurs: one row per indicator, level, code and type of place ('' for any). */
  rows: IndicatorRow[];
  /** Communes where nobody is within reach, by mode and type of place ('' for any). */
  communesSansLieu: LeftOutCommune[];
  result: CoverageResult;
}

/**
 * The coverage indicators of a département in one call: population at commune centres (or in
 * an INSEE grid), the sites as stored, public transport when a feed is given, settings from
 * the configuration's `proximite` block (defaults otherwise).
 */
export function coverageIndicators(options: {
  communes: CommuneInfo[];
  sites: ServicePoint[];
  gtfs?: string;
  date?: string;
  dataDate?: string;
  config?: Partial<AccessConfig>;
  carreaux?: string;
  reseauPieton?: string;
  departement?: { code: string; nom: string };
}): PublishedCoverage {
  const feed = options.gtfs ? readGtfs(options.gtfs) : undefined;
  const date = chooseDay({ date: options.date, feed, dataDate: options.dataDate });
  const settings = accessSettings(options.config);
  const points = options.carreaux ? readFilosofiGrid(options.carreaux, options.communes) : communePoints(options.communes);
  const walker = options.reseauPieton ? networkWalker(options.reseauPieton, settings.walk) : undefined;
  const result = coverage({ points, communes: options.communes, sites: options.sites, date, settings, feed, walker, departement: options.departement });
  return { date, rows: indicatorRows(result), communesSansLieu: result.leftOut, result };
}
