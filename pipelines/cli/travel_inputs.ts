// What solidata accessibilite studies: the communes and their population, the service points, the
// day, the timetable and the walking network, from the data directory or from explicit files.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathsFor } from '../config.ts';
import { log } from '../log.ts';
import { cogCommunes, cogDepartements, communeCentres, currentCodes } from '../reference/cog.ts';
import { InvalidContours, shippedContours } from '../reference/geo.ts';
import type { TravelConfig } from '../settings.ts';
import { travelSettings, type CoverageInput } from '../travel/coverage.ts';
import { GtfsError, readGtfs, type GtfsFeed } from '../travel/gtfs.ts';
import { chooseDay, findFeed, readPublishedPlaces, readWarehousePlaces, type StoredPlaces } from '../travel/inputs.ts';
import { PlacesError, readCandidatesCsv, readSitesCsv, type ServicePoint } from '../travel/places.ts';
import { communePoints, PopulationError, readFilosofiGrid, type CommuneInfo } from '../travel/population.ts';
import { activeServices, feedPeriod, weekdayOf, weekdayName } from '../travel/timetable.ts';
import { networkWalker, WalkNetworkError } from '../travel/walking.ts';
import type { Candidate } from '../travel/whatif.ts';
import { openDatabase, openWarehouse } from '../warehouse/duckdb.ts';
import { UsageError } from './options.ts';
import type { Values } from './travel_options.ts';

export async function loadInputs(values: Values, config: TravelConfig): Promise<CoverageInput> {
  const paths = pathsFor(values['data-dir']);
  const fromFiles = Boolean(values.departement);
  const stored = fromFiles ? undefined : await readDataDir(paths.warehouse, paths.published);
  if (!fromFiles && !stored) {
    throw new UsageError(`Ni entrepôt ni base publiée dans ${paths.dataDir} : lancez d’abord « solidata run », ou donnez --departement NN et --sites FICHIER.`);
  }
  let communes: CommuneInfo[];
  let departement: { code: string; nom: string } | undefined;
  if (values.departement) ({ communes, departement } = cogCommunesOf(values.departement, values.contours));
  else communes = stored!.communes;
  if (communes.length === 0) throw new UsageError('Aucune commune à étudier : le référentiel des territoires est-il chargé ?');

  let sites: ServicePoint[];
  try {
    sites = values.sites ? readSitesCsv(values.sites) : stored?.sites ?? [];
  } catch (error) {
    if (error instanceof PlacesError) throw new UsageError(error.message);
    throw error;
  }
  if (sites.length === 0) throw new UsageError('Aucun lieu d’accueil : donnez --sites FICHIER (format « sites ») ou chargez-en un avec solidata import.');
  if (stored && !values.sites && !stored.hours) log.warn('Les jours et horaires des lieux ne sont pas dans la base publiée : chaque lieu est compté comme ouvert toute la journée.');

  const gtfs = values.gtfs ?? findFeed(paths.dataDir);
  let feed: GtfsFeed | undefined;
  if (gtfs) {
    try {
      feed = readGtfs(path.resolve(gtfs));
    } catch (error) {
      if (error instanceof GtfsError) throw new UsageError(error.message);
      throw error;
    }
    for (const w of feed.warnings.slice(0, 5)) log.warn(w);
  } else log.warn('Pas de flux GTFS (--gtfs) : l’accessibilité en transport en commun n’est pas calculée.');

  const date = chooseDay({ date: values.jour, feed, dataDate: stored?.dataDate });
  if (values.jour && weekdayOf(values.jour) > 4) log.warn(`Le ${values.jour} est un ${weekdayName(values.jour)} : moins de lieux et de transports que dans la semaine.`);
  if (feed) {
    const running = activeServices(feed, date);
    if (!feed.trips.some((t) => running.has(t.service_id))) {
      const period = feedPeriod(feed);
      log.warn(`Aucune course du flux ne circule le ${date}${period ? ` (le flux couvre du ${period.first} au ${period.last})` : ''} : le transport en commun n’ajoutera rien.`);
    }
  }

  let points;
  try {
    points = values.carreaux ? readFilosofiGrid(values.carreaux, communes) : communePoints(communes);
  } catch (error) {
    if (error instanceof PopulationError) throw new UsageError(error.message);
    throw error;
  }
  const settings = travelSettings(config);
  let walker;
  if (values['reseau-pieton']) {
    try {
      walker = networkWalker(values['reseau-pieton'], settings.walk);
    } catch (error) {
      if (error instanceof WalkNetworkError) throw new UsageError(error.message);
      throw error;
    }
  }
  return { points, communes, sites, date, settings, feed, walker, departement };
}

/** Communes and sites from the warehouse (read-only), else from the published database. */
async function readDataDir(warehouse: string, published: string): Promise<StoredPlaces | undefined> {
  if (existsSync(warehouse)) {
    const db = await openWarehouse(warehouse, 1000, { readOnly: true });
    try {
      return await readWarehousePlaces(db.connection);
    } catch (error) {
      log.debug(`entrepôt illisible pour l’accessibilité : ${(error as Error).message}`);
    } finally {
      db.close();
    }
  }
  if (existsSync(published)) {
    const db = await openDatabase(published, { readOnly: true });
    try {
      return await readPublishedPlaces(db.connection);
    } finally {
      db.close();
    }
  }
  return undefined;
}

/** The communes of a département from the COG, at the centres of the shipped (or given) contours. */
function cogCommunesOf(code: string, contours?: string): { communes: CommuneInfo[]; departement: { code: string; nom: string } } {
  const dep = cogDepartements().find((d) => d.code === code);
  if (!dep) throw new UsageError(`--departement ${code} : département inconnu du COG.`);
  const file = contours ?? shippedContours(code);
  if (!file) throw new UsageError(`pas de contours livrés pour le département ${code} (${dep.nom}) : donnez ceux de ses communes avec --contours FICHIER (GeoJSON, propriété « code »).`);
  const cog = cogCommunes();
  let centres;
  try {
    centres = communeCentres(file, currentCodes(cog));
  } catch (error) {
    if (error instanceof InvalidContours) throw new UsageError(error.message);
    throw error;
  }
  const communes = cog
    .filter((c) => c.type === 'commune-actuelle' && c.departement === code)
    .map((c) => ({ code: c.code, nom: c.nom, population: c.population ?? 0, lat: centres.get(c.code)?.lat ?? NaN, lon: centres.get(c.code)?.lon ?? NaN }));
  return { communes, departement: { code, nom: dep.nom } };
}

export function readCandidates(file: string, type?: string): Candidate[] {
  try {
    return readCandidatesCsv(file).map((c) => ({ ...c, type: type ?? 'nouveau' }));
  } catch (error) {
    if (error instanceof PlacesError) throw new UsageError(error.message);
    throw error;
  }
}
