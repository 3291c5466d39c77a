// What a coverage computation reads from a data directory: the communes and sites of the
// warehouse (or of the published database, which lacks the days and hours), a GTFS feed left
// beside them, the day to study; the one call an asset needs to publish the indicators; and what
// the travel-time assets share (their input, when they are stale, candidate places).
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { queryRows } from '../warehouse/duckdb.ts';
import type { TravelConfig } from '../settings.ts';
import { travelSettings, coverage, indicatorRows, type CoverageInput, type CoverageResult, type IndicatorRow, type LeftOutCommune } from './coverage.ts';
import { readGtfs, type GtfsFeed } from './gtfs.ts';
import type { ServicePoint } from './places.ts';
import { communePoints, readFilosofiGrid, type CommuneInfo } from './population.ts';
import { addDays, typicalDay, weekdayOf } from './timetable.ts';
import { networkWalker } from './walking.ts';
import type { Candidate } from './whatif.ts';

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
export function coverageIndicators(options: CoverageOptions): PublishedCoverage {
  const input = coverageInput(options);
  const result = coverage(input);
  return { date: input.date, rows: indicatorRows(result), communesSansLieu: result.leftOut, result };
}

export interface CoverageOptions {
  communes: CommuneInfo[];
  sites: ServicePoint[];
  gtfs?: string;
  date?: string;
  dataDate?: string;
  config?: Partial<TravelConfig>;
  carreaux?: string;
  reseauPieton?: string;
  departement?: { code: string; nom: string };
}

/** What a coverage or what-if computation needs, read and set up as the published indicators are. */
export function coverageInput(options: CoverageOptions): CoverageInput {
  const feed = options.gtfs ? readGtfs(options.gtfs) : undefined;
  const date = chooseDay({ date: options.date, feed, dataDate: options.dataDate });
  const settings = travelSettings(options.config);
  const points = options.carreaux ? readFilosofiGrid(options.carreaux, options.communes) : communePoints(options.communes);
  const walker = options.reseauPieton ? networkWalker(options.reseauPieton, settings.walk) : undefined;
  return { points, communes: options.communes, sites: options.sites, date, settings, feed, walker, departement: options.departement };
}

/** Places to open at the centres of the communes (those with coordinates), as the what-if offers by default. */
export const communeCandidates = (communes: CommuneInfo[], type?: string): Candidate[] =>
  communes.filter((c) => Number.isFinite(c.lat)).map((c) => ({ id: `COMMUNE-${c.code}`, nom: c.nom, commune: c.code, lat: c.lat, lon: c.lon, type: type ?? 'nouveau' }));

/** The source files of the travel-time code: an asset computed with it is stale when they change. */
export function travelCode(): string {
  return readdirSync(travelDir).filter((f) => f.endsWith('.ts')).sort().map((f) => readFileSync(path.join(travelDir, f), 'utf8')).join('\n');
}
const travelDir = path.dirname(fileURLToPath(import.meta.url));

/** What the feed is now: its files' names, sizes and dates (a new feed makes the travel-time assets stale). */
export function feedStamp(dataDir: string): string {
  const feed = findFeed(dataDir);
  if (!feed) return 'aucun';
  const files = statSync(feed).isDirectory() ? readdirSync(feed).sort().map((f) => path.join(feed, f)) : [feed];
  const text = files.map((f) => `${path.basename(f)}:${statSync(f).size}:${statSync(f).mtimeMs}`).join('|');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * Each asset keeps, in a file of the data directory, the feed stamp it last computed with:
 * changed says whether the feed is no longer that one, record writes the current stamp.
 */
export function feedRecord(dataDir: string, file: string): { changed(): boolean; record(): void } {
  const stamp = path.join(dataDir, file);
  return {
    changed: () => (existsSync(stamp) ? readFileSync(stamp, 'utf8') : '') !== feedStamp(dataDir),
    record: () => writeFileSync(stamp, feedStamp(dataDir)),
  };
}
