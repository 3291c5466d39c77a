// The official commune list (COG, @etalab/decoupage-administratif): today's communes with their
// legal population and postal codes, the codes of merged communes, and a centre per commune
// taken from shipped contours.
import { createRequire } from 'node:module';
import { readContours, type Point } from './geo.ts';

const require = createRequire(import.meta.url);

export interface CogCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  population?: number;
  codesPostaux?: string[];
  anciensCodes?: string[];
  chefLieu?: string;
  commune?: string;
}

export const cogCommunes = () => require('@etalab/decoupage-administratif/data/communes.json') as CogCommune[];
export const cogDepartements = () => require('@etalab/decoupage-administratif/data/departements.json') as { code: string; nom: string; chefLieu: string }[];

/** Every code of the COG (also of merged communes) mapped to today's commune. */
export function currentCodes(cog: CogCommune[]): Map<string, string> {
  const map = new Map<string, string>();
  const set = (code: string, to: string) => {
    if (!map.has(code)) map.set(code, to);
  };
  for (const c of cog) if (c.type === 'commune-actuelle') set(c.code, c.code);
  for (const c of cog) if (c.type === 'commune-actuelle') for (const old of c.anciensCodes ?? []) set(old, c.code);
  for (const c of cog) if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu) set(c.code, c.chefLieu);
  for (const c of cog) if (c.type === 'arrondissement-municipal' && c.commune) set(c.code, c.commune);
  return map;
}

/** Today's communes' centres (area-weighted), from contours that may follow an older commune list. */
export function communeCentres(file: string, current: Map<string, string>): Map<string, Point> {
  const sums = new Map<string, { area: number; lat: number; lon: number }>();
  for (const part of readContours(file)) {
    const now = current.get(part.code);
    if (!now) continue;
    const c = sums.get(now) ?? { area: 0, lat: 0, lon: 0 };
    c.area += part.area;
    c.lat += part.centre.lat * part.area;
    c.lon += part.centre.lon * part.area;
    sums.set(now, c);
  }
  return new Map([...sums].map(([code, c]) => [code, { lat: c.lat / c.area, lon: c.lon / c.area }]));
}
