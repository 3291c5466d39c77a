// Where people live, as points weighted by population: commune centres with their legal
// population by default, or the cells of a 200 m grid in INSEE's Filosofi form (cell id,
// population, coordinates — read from the id itself when no coordinates are given).
import { readFileSync } from 'node:fs';
import { distanceKm, type Point } from '../reference/geo.ts';
import { decodeText, guessDelimiter, parseCsv } from './csv.ts';
import { Grid } from './grid.ts';

export interface PopulationPoint extends Point {
  id: string;
  /** INSEE code of the commune the point belongs to. */
  commune: string;
  population: number;
}

export interface CommuneInfo extends Point {
  code: string;
  nom: string;
  /** Action territory; absent when unknown (the territory level is then left out). */
  territoire?: string;
  population: number;
}

export class PopulationError extends Error {}

/** One point per commune, at its centre, weighted by its legal population. */
export function communePoints(communes: CommuneInfo[]): PopulationPoint[] {
  return communes
    .filter((c) => Number.isFinite(c.lat) && Number.isFinite(c.lon))
    .map((c) => ({ id: c.code, commune: c.code, population: c.population, lat: c.lat, lon: c.lon }));
}

// Column names as INSEE publishes them (Filosofi 2015–2019) and as people rename them.
const ID_COLUMNS = ['idcar_200m', 'idcar', 'id_carreau', 'id', 'idinspire'];
const POPULATION_COLUMNS = ['ind', 'population', 'pop', 'ind_c'];
const LAT_COLUMNS = ['lat', 'latitude', 'y_wgs84'];
const LON_COLUMNS = ['lon', 'lng', 'longitude', 'x_wgs84'];
const COMMUNE_COLUMNS = ['lcog_geo', 'code_commune', 'depcom', 'codgeo', 'com'];

/**
 * The populated cells of a Filosofi grid (CSV, ';' or ','). Each cell belongs to the commune of
 * its `lcog_geo` (the first one when the cell straddles several), else to the nearest commune
 * centre; cells of communes not in `communes` are left out (the grid may cover a wider area).
 */
export function readFilosofiGrid(file: string, communes: CommuneInfo[]): PopulationPoint[] {
  const text = decodeText(readFileSync(file));
  const table = parseCsv(text, guessDelimiter(text));
  const header = table.header.map((h) => h.toLowerCase());
  const find = (names: string[]) => header.findIndex((h) => names.includes(h));
  const idAt = find(ID_COLUMNS);
  const popAt = find(POPULATION_COLUMNS);
  const latAt = find(LAT_COLUMNS);
  const lonAt = find(LON_COLUMNS);
  const communeAt = find(COMMUNE_COLUMNS);
  if (idAt < 0 || popAt < 0) {
    throw new PopulationError(`${file}, ligne 1 : il faut les colonnes de l’identifiant du carreau (${ID_COLUMNS[0]}) et de sa population (${POPULATION_COLUMNS[0]}) ; trouvé : ${table.header.join(', ')}. Donnez le fichier des carreaux de 200 m de l’INSEE (Filosofi) tel quel.`);
  }
  const known = new Map(communes.map((c) => [c.code, c]));
  const centres = communes.filter((c) => Number.isFinite(c.lat));
  const grid = new Grid(centres, 5000);
  const points: PopulationPoint[] = [];
  const problems: string[] = [];
  table.records.forEach((cells, r) => {
    const line = table.lines[r];
    const id = (cells[idAt] ?? '').trim();
    const population = Number((cells[popAt] ?? '').trim().replace(',', '.'));
    if (!Number.isFinite(population) || population < 0) {
      problems.push(`ligne ${line}, colonne ${table.header[popAt]} : « ${cells[popAt] ?? ''} » n’est pas une population (un nombre positif ou nul).`);
      return;
    }
    let place: Point | undefined;
    if (latAt >= 0 && lonAt >= 0) {
      const lat = Number((cells[latAt] ?? '').replace(',', '.'));
      const lon = Number((cells[lonAt] ?? '').replace(',', '.'));
      if (Number.isFinite(lat) && Number.isFinite(lon)) place = { lat, lon };
    }
    place ??= cellCentre(id);
    if (!place) {
      problems.push(`ligne ${line}, colonne ${table.header[idAt]} : « ${id} » n’est pas un identifiant de carreau INSEE (ex. CRS3035RES200mN2029800E3780600) et la ligne n’a pas de latitude ni de longitude.`);
      return;
    }
    // A cell of another département (by its code, or far from every centre) is left out.
    const code = communeAt >= 0 ? (cells[communeAt] ?? '').trim().slice(0, 5) : '';
    const commune = code ? (known.has(code) ? code : undefined) : nearestCommune(place, centres, grid)?.code;
    if (!commune || population === 0) return;
    points.push({ id, commune, population, ...place });
  });
  if (problems.length > 0) {
    throw new PopulationError(`${file} : ${problems.length} ligne(s) illisible(s) :\n  - ${problems.slice(0, 10).join('\n  - ')}\nCorrigez ces lignes ou redonnez le fichier de l’INSEE tel quel.`);
  }
  if (points.length === 0) throw new PopulationError(`${file} : aucun carreau peuplé dans les communes du département : est-ce la bonne grille ?`);
  return points;
}

/** The centre of an INSEE grid cell from its id: CRS3035RES200mN…E… gives its south-west corner in ETRS89-LAEA (EPSG:3035). */
export function cellCentre(id: string): Point | undefined {
  const m = /CRS3035RES(\d+)mN(\d+)E(\d+)/i.exec(id);
  if (!m) return undefined;
  const size = Number(m[1]);
  return laeaToWgs84(Number(m[3]) + size / 2, Number(m[2]) + size / 2);
}

// ETRS89 / LAEA Europe (EPSG:3035) on the GRS80 ellipsoid: IOGP Guidance Note 7-2, method 9820.
const A = 6378137;
const E2 = 0.0066943800229;
const E = Math.sqrt(E2);
const PHI0 = (52 * Math.PI) / 180;
const LAMBDA0 = (10 * Math.PI) / 180;
const FE = 4321000;
const FN = 3210000;
const q = (phi: number) => {
  const s = Math.sin(phi);
  return (1 - E2) * (s / (1 - E2 * s * s) - (1 / (2 * E)) * Math.log((1 - E * s) / (1 + E * s)));
};
const QP = q(Math.PI / 2);
const BETA0 = Math.asin(q(PHI0) / QP);
const RQ = A * Math.sqrt(QP / 2);
const D = (A * Math.cos(PHI0)) / (Math.sqrt(1 - E2 * Math.sin(PHI0) ** 2) * RQ * Math.cos(BETA0));

export function laeaToWgs84(easting: number, northing: number): Point {
  const x = easting - FE;
  const y = northing - FN;
  const rho = Math.hypot(x / D, D * y);
  if (rho === 0) return { lat: 52, lon: 10 };
  const c = 2 * Math.asin(rho / (2 * RQ));
  const beta = Math.asin(Math.cos(c) * Math.sin(BETA0) + (D * y * Math.sin(c) * Math.cos(BETA0)) / rho);
  const lambda = LAMBDA0 + Math.atan2(x * Math.sin(c), D * rho * Math.cos(BETA0) * Math.cos(c) - D * D * y * Math.sin(BETA0) * Math.sin(c));
  const phi = beta
    + (E2 / 3 + (31 * E2 ** 2) / 180 + (517 * E2 ** 3) / 5040) * Math.sin(2 * beta)
    + ((23 * E2 ** 2) / 360 + (251 * E2 ** 3) / 3780) * Math.sin(4 * beta)
    + ((761 * E2 ** 3) / 45360) * Math.sin(6 * beta);
  return { lat: (phi * 180) / Math.PI, lon: (lambda * 180) / Math.PI };
}

export function wgs84ToLaea(p: Point): { easting: number; northing: number } {
  const phi = (p.lat * Math.PI) / 180;
  const lambda = (p.lon * Math.PI) / 180;
  const beta = Math.asin(q(phi) / QP);
  const b = RQ * Math.sqrt(2 / (1 + Math.sin(BETA0) * Math.sin(beta) + Math.cos(BETA0) * Math.cos(beta) * Math.cos(lambda - LAMBDA0)));
  return {
    easting: FE + b * D * Math.cos(beta) * Math.sin(lambda - LAMBDA0),
    northing: FN + (b / D) * (Math.cos(BETA0) * Math.sin(beta) - Math.sin(BETA0) * Math.cos(beta) * Math.cos(lambda - LAMBDA0)),
  };
}

// A cell farther than this from every commune centre lies outside the département.
const NEAREST_COMMUNE_KM = 10;

function nearestCommune(p: Point, centres: CommuneInfo[], grid: Grid): CommuneInfo | undefined {
  let best: CommuneInfo | undefined;
  let d = Infinity;
  grid.aroundRadius(p, NEAREST_COMMUNE_KM * 1000, (i) => {
    const x = distanceKm(p, centres[i]);
    if (x < d && x <= NEAREST_COMMUNE_KM) {
      d = x;
      best = centres[i];
    }
  });
  return best;
}
