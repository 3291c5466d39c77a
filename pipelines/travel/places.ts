// Service points and when they receive people: a site counts on a day if it is open that day
// (opening and closing dates), on that weekday (`jours`, e.g. lun,mar,jeu) and at some moment
// of the departure window (`horaires`, e.g. 09:00-12:00/13:30-17:00). A mobile unit is one row
// per stop, each with its own day and hours: it counts only there and then.
import { readFileSync } from 'node:fs';
import type { Point } from '../reference/geo.ts';
import { decodeText, guessDelimiter, parseCsv } from './csv.ts';
import { weekdayOf } from './timetable.ts';

export interface ServicePoint extends Point {
  id: string;
  nom: string;
  /** Type of place (maison_departementale, antenne, france_services, itinerant, …). */
  type: string;
  commune?: string;
  /** AAAA-MM-JJ: not open before this day. */
  ouverture?: string;
  /** AAAA-MM-JJ: closed from this day on. */
  fermeture?: string;
  /** Weekdays it receives people (lun,mar,…); absent: every day. */
  jours?: string;
  /** Hours it receives people (09:00-12:00/13:30-17:00); absent: all day. */
  horaires?: string;
}

export const DAY_CODES = ['lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim'];

/** Opening intervals in seconds after midnight, from 09:00-12:00/13:30-17:00. */
export function openingIntervals(horaires: string): [number, number][] {
  return horaires.split('/').map((part) => {
    const [a, b] = part.trim().split('-').map((t) => {
      const [hh, mm] = t.trim().split(':').map(Number);
      return hh * 3600 + mm * 60;
    });
    return [a, b];
  });
}

/** Whether the site receives people on `date` (AAAA-MM-JJ) at some moment of [from, to) (seconds). */
export function openDuring(site: ServicePoint, date: string, from: number, to: number): boolean {
  if (site.ouverture && site.ouverture > date) return false;
  if (site.fermeture && site.fermeture <= date) return false;
  if (site.jours && !site.jours.split(',').map((d) => d.trim()).includes(DAY_CODES[weekdayOf(date)])) return false;
  if (site.horaires) return openingIntervals(site.horaires).some(([a, b]) => a < to && from < b);
  return true;
}

export class PlacesError extends Error {}

const DAYS = /^(?:lun|mar|mer|jeu|ven|sam|dim)(?:,(?:lun|mar|mer|jeu|ven|sam|dim))*$/;
const HOURS = /^(?:[01]\d|2[0-3]):[0-5]\d-(?:[01]\d|2[0-4]):[0-5]\d(?:\/(?:[01]\d|2[0-3]):[0-5]\d-(?:[01]\d|2[0-4]):[0-5]\d)*$/;

/**
 * A sites file in the exchange format (site_id, nom, type, latitude, longitude, and optionally
 * code_commune, date_ouverture, date_fermeture, jours, horaires): ';' or ',', UTF-8 or
 * Windows-1252, decimal comma or point, dates JJ/MM/AAAA or AAAA-MM-JJ.
 */
export function readSitesCsv(file: string): ServicePoint[] {
  const text = decodeText(readFileSync(file));
  const table = parseCsv(text, guessDelimiter(text));
  const header = table.header.map((h) => h.toLowerCase());
  const at = (name: string) => header.indexOf(name);
  const missing = ['site_id', 'nom', 'type', 'latitude', 'longitude'].filter((c) => at(c) < 0);
  if (missing.length > 0) throw new PlacesError(`${file}, ligne 1 : colonne(s) absente(s) : ${missing.join(', ')}. Il faut au moins site_id, nom, type, latitude et longitude (format d’échange « sites »).`);
  const problems: string[] = [];
  const sites: ServicePoint[] = [];
  table.records.forEach((cells, r) => {
    const line = table.lines[r];
    const get = (name: string) => (at(name) >= 0 ? (cells[at(name)] ?? '').trim() : '');
    const bad = (column: string, expected: string) => problems.push(`ligne ${line}, colonne ${column} : « ${get(column)} » — attendu : ${expected}.`);
    const number = (column: string, min: number, max: number) => {
      const v = Number(get(column).replace(',', '.'));
      if (!get(column) || !Number.isFinite(v) || v < min || v > max) {
        bad(column, `un nombre entre ${min} et ${max} (coordonnées WGS84)`);
        return NaN;
      }
      return v;
    };
    const day = (column: string) => {
      const v = get(column);
      if (!v) return undefined;
      const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
      const iso = fr ? `${fr[3]}-${fr[2]}-${fr[1]}` : v;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(Date.parse(iso))) {
        bad(column, 'une date JJ/MM/AAAA ou AAAA-MM-JJ');
        return undefined;
      }
      return iso;
    };
    const lat = number('latitude', -90, 90);
    const lon = number('longitude', -180, 180);
    const jours = get('jours') || undefined;
    const horaires = get('horaires') || undefined;
    if (jours && !DAYS.test(jours)) bad('jours', 'des jours séparés par des virgules, ex. lun,mar,jeu');
    if (horaires && !HOURS.test(horaires)) bad('horaires', 'des plages séparées par « / », ex. 09:00-12:00/13:30-17:00');
    if (!get('site_id')) bad('site_id', 'un identifiant');
    sites.push({
      id: get('site_id'), nom: get('nom') || get('site_id'), type: get('type') || 'autre', commune: get('code_commune') || undefined,
      lat, lon, ouverture: day('date_ouverture'), fermeture: day('date_fermeture'), jours, horaires,
    });
  });
  if (problems.length > 0) {
    throw new PlacesError(`${file} : ${problems.length} valeur(s) à corriger :\n  - ${problems.slice(0, 10).join('\n  - ')}${problems.length > 10 ? '\n  - …' : ''}\nCorrigez-les dans le fichier puis relancez.`);
  }
  return sites;
}

/** Candidate places: a CSV with latitude and longitude, and optionally site_id (or id) and nom. */
export function readCandidatesCsv(file: string): { id: string; nom: string; lat: number; lon: number }[] {
  const text = decodeText(readFileSync(file));
  const table = parseCsv(text, guessDelimiter(text));
  const header = table.header.map((h) => h.toLowerCase());
  const lat = header.findIndex((h) => h === 'latitude' || h === 'lat');
  const lon = header.findIndex((h) => h === 'longitude' || h === 'lon');
  const id = header.findIndex((h) => h === 'site_id' || h === 'id');
  const nom = header.indexOf('nom');
  if (lat < 0 || lon < 0) throw new PlacesError(`${file}, ligne 1 : il faut les colonnes latitude et longitude (et, au choix, id et nom) ; trouvé : ${table.header.join(', ')}.`);
  const problems: string[] = [];
  const places = table.records.map((cells, r) => {
    const p = parsePlace(`${(cells[lat] ?? '').trim().replace(',', '.')},${(cells[lon] ?? '').trim().replace(',', '.')}`);
    if (!p) problems.push(`ligne ${table.lines[r]} : « ${cells[lat] ?? ''} ; ${cells[lon] ?? ''} » n’est pas une position (latitude et longitude WGS84 en degrés décimaux).`);
    const name = nom >= 0 ? (cells[nom] ?? '').trim() : '';
    return { id: (id >= 0 ? (cells[id] ?? '').trim() : '') || `CANDIDAT-${r + 1}`, nom: name || `Candidat ${r + 1}`, lat: p?.lat ?? NaN, lon: p?.lon ?? NaN };
  });
  if (problems.length > 0) throw new PlacesError(`${file} : ${problems.length} position(s) illisible(s) :\n  - ${problems.slice(0, 10).join('\n  - ')}`);
  return places;
}

/** A place given on the command line as « lat,lon » (decimal point), or undefined. */
export function parsePlace(text: string): Point | undefined {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,;]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return undefined;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : undefined;
}
