// Commune contours (GeoJSON) reduced to what the demo needs: one point per commune, and
// straight-line distances between points.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.ts';

export interface Point {
  lat: number;
  lon: number;
}

export const geoDir = path.join(projectRoot, 'reference', 'geo');

/** The contours shipped for a département (reference/geo/communes-41-….geojson), if any. */
export function shippedContours(departement: string): string | undefined {
  if (!existsSync(geoDir)) return undefined;
  const name = readdirSync(geoDir).find((f) => f.startsWith(`communes-${departement}-`) && f.endsWith('.geojson'));
  return name ? path.join(geoDir, name) : undefined;
}

// Property names under which contour files publish the INSEE code.
const CODE_PROPERTIES = ['code', 'insee', 'code_insee', 'codgeo', 'insee_com', 'INSEE_COM', 'CODGEO', 'com', 'code_commune'];

type Ring = number[][];
interface Feature {
  properties?: Record<string, unknown>;
  geometry?: { type: string; coordinates: unknown } | null;
}

export interface ContourPart {
  code: string;
  /** Area in square degrees, to weigh the parts of a commune that merged since. */
  area: number;
  centre: Point;
}

export class InvalidContours extends Error {}

/** One area-weighted centroid per feature of a GeoJSON FeatureCollection of communes. */
export function readContours(file: string): ContourPart[] {
  let data: { features?: Feature[] };
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidContours(`le fichier de contours ${file} n’est pas un GeoJSON lisible (${(error as Error).message}).`);
  }
  if (!Array.isArray(data.features)) throw new InvalidContours(`le fichier de contours ${file} n’a pas de « features » : il faut une FeatureCollection de communes.`);
  const parts: ContourPart[] = [];
  for (const f of data.features) {
    const props = f.properties ?? {};
    const key = CODE_PROPERTIES.find((k) => typeof props[k] === 'string' || typeof props[k] === 'number');
    if (!key || !f.geometry) continue;
    const code = String(props[key]).padStart(5, '0');
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates as Ring[]]
      : f.geometry.type === 'MultiPolygon' ? (f.geometry.coordinates as Ring[][]) : [];
    let area = 0;
    let x = 0;
    let y = 0;
    for (const rings of polygons) {
      // Holes are left out: they move a commune's centre by very little.
      const c = ringCentroid(rings[0]);
      area += c.area;
      x += c.x * c.area;
      y += c.y * c.area;
    }
    if (area > 0) parts.push({ code, area, centre: { lon: x / area, lat: y / area } });
  }
  if (parts.length === 0) {
    throw new InvalidContours(`le fichier de contours ${file} ne contient aucun polygone de commune avec son code INSEE (propriété ${CODE_PROPERTIES.slice(0, 4).join(', ')}…).`);
  }
  return parts;
}

/** Shoelace formula: the area and centroid of one ring. */
function ringCentroid(ring: Ring): { area: number; x: number; y: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += cross;
    cx += (ring[j][0] + ring[i][0]) * cross;
    cy += (ring[j][1] + ring[i][1]) * cross;
  }
  if (a === 0) return { area: 0, x: ring[0][0], y: ring[0][1] };
  return { area: Math.abs(a / 2), x: cx / (3 * a), y: cy / (3 * a) };
}

/** Kilometres as the crow flies (equirectangular: exact enough within a département). */
export function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return 6371 * Math.sqrt(x * x + y * y);
}
