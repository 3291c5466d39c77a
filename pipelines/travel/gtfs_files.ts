// The files of a GTFS feed: the rows as the reader gives them, and each file's columns with
// their checks (zod, French messages: what is expected), the checks across a row's columns and
// the columns every file must have.
import { z } from 'zod';
import '../zod-fr.ts';

export interface GtfsAgency { agency_id?: string; agency_name: string; agency_timezone: string }
export interface GtfsStop { stop_id: string; stop_name?: string; stop_lat?: number; stop_lon?: number; location_type: number; parent_station?: string }
export interface GtfsRoute { route_id: string; agency_id?: string; route_short_name?: string; route_long_name?: string; route_type: number }
export interface GtfsTrip { route_id: string; service_id: string; trip_id: string; trip_headsign?: string }
export interface GtfsStopTime {
  trip_id: string;
  /** Seconds after midnight of the service day; above 86,400 after midnight. Absent between timepoints. */
  arrival_time?: number;
  departure_time?: number;
  stop_id: string;
  stop_sequence: number;
  /** 1: no pickup (boarding) here; 1: no drop-off (alighting) here. 0, 2 and 3 are taken as allowed. */
  pickup_type: number;
  drop_off_type: number;
}
export interface GtfsCalendar {
  service_id: string;
  /** Monday first, as the file's columns. */
  days: [boolean, boolean, boolean, boolean, boolean, boolean, boolean];
  /** AAAAMMJJ, both included. */
  start_date: string;
  end_date: string;
}
export interface GtfsCalendarDate { service_id: string; date: string; exception_type: 1 | 2 }
export interface GtfsFrequency { trip_id: string; start_time: number; end_time: number; headway_secs: number; exact_times: number }

export interface GtfsFeed {
  /** Where it was read from, for messages. */
  source: string;
  agencies: GtfsAgency[];
  stops: GtfsStop[];
  routes: GtfsRoute[];
  trips: GtfsTrip[];
  /** Grouped by trip, each trip's rows in stop_sequence order. */
  stopTimes: GtfsStopTime[];
  calendars: GtfsCalendar[];
  calendarDates: GtfsCalendarDate[];
  frequencies: GtfsFrequency[];
  /** Problems that do not prevent the computation (a trip that never runs, …). */
  warnings: string[];
}

const TIME = /^\d{1,3}:[0-5]\d:[0-5]\d$/;
const toSeconds = (t: string) => {
  const [h, m, s] = t.split(':').map(Number);
  return h * 3600 + m * 60 + s;
};
const required = z.string({ required_error: 'valeur manquante : ce champ est obligatoire' });
const id = required.min(1);
const text = z.string().optional();
const time = z.string().regex(TIME, 'attendu : une heure HH:MM:SS (après minuit, au-delà de 24:00:00, ex. 25:10:00)').transform(toSeconds);
const gtfsDate = z.string().regex(/^\d{8}$/, 'attendu : une date AAAAMMJJ (ex. 20250902)').refine(validDate, 'cette date n’existe pas');
const integer = (min: number, max: number, what: string) =>
  z.string().regex(/^-?\d+$/, `attendu : un nombre entier (${what})`).transform(Number).pipe(z.number().min(min, `attendu : ${what}`).max(max, `attendu : ${what}`));
const decimal = (min: number, max: number, what: string) =>
  z.string().regex(/^-?\d+(?:\.\d+)?$/, `attendu : un nombre décimal avec un point (${what})`).transform(Number).pipe(z.number().min(min, `attendu : ${what}`).max(max, `attendu : ${what}`));
const dayFlag = z.enum(['0', '1'], { errorMap: () => ({ message: 'attendu : 1 (circule ce jour) ou 0' }) }).transform((v) => v === '1');
const boardType = integer(0, 3, '0, 1, 2 ou 3').optional().transform((v) => v ?? 0);

// Each file's columns and their checks. Rows are checked column by column, each distinct value
// once (stop_times repeats the same stops and times a great many times), then row by row.
export const shapes = {
  agency: { agency_id: text, agency_name: id, agency_timezone: id },
  stops: {
    stop_id: id, stop_name: text,
    stop_lat: decimal(-90, 90, 'une latitude WGS84 entre -90 et 90').optional(),
    stop_lon: decimal(-180, 180, 'une longitude WGS84 entre -180 et 180').optional(),
    location_type: integer(0, 4, '0 à 4').optional().transform((v) => v ?? 0),
    parent_station: text,
  },
  routes: {
    route_id: id, agency_id: text, route_short_name: text, route_long_name: text,
    route_type: integer(0, 1799, 'un type de ligne GTFS, ex. 3 pour un bus'),
  },
  trips: { route_id: id, service_id: id, trip_id: id, trip_headsign: text },
  stop_times: {
    trip_id: id, arrival_time: time.optional(), departure_time: time.optional(), stop_id: id,
    stop_sequence: integer(0, 2 ** 31 - 1, 'un entier positif ou nul'),
    pickup_type: boardType, drop_off_type: boardType,
  },
  calendar: {
    service_id: id, monday: dayFlag, tuesday: dayFlag, wednesday: dayFlag, thursday: dayFlag, friday: dayFlag,
    saturday: dayFlag, sunday: dayFlag, start_date: gtfsDate, end_date: gtfsDate,
  },
  calendar_dates: {
    service_id: id, date: gtfsDate,
    exception_type: z.enum(['1', '2'], { errorMap: () => ({ message: 'attendu : 1 (service ajouté ce jour) ou 2 (service retiré ce jour)' }) }).transform((v) => Number(v) as 1 | 2),
  },
  frequencies: {
    trip_id: id, start_time: time, end_time: time,
    headway_secs: integer(1, 86_400, 'un intervalle en secondes, au moins 1'),
    exact_times: integer(0, 1, '0 ou 1').optional().transform((v) => v ?? 0),
  },
};
export const schemas = {
  agency: z.object(shapes.agency),
  stops: z.object(shapes.stops),
  routes: z.object(shapes.routes),
  trips: z.object(shapes.trips),
  stop_times: z.object(shapes.stop_times),
  calendar: z.object(shapes.calendar),
  calendar_dates: z.object(shapes.calendar_dates),
  frequencies: z.object(shapes.frequencies),
};

/** Checks across the columns of one row: the column at fault and what is wrong. */
export const rowChecks: { [F in FileName]?: (row: z.infer<(typeof schemas)[F]>) => { column: string; message: string } | undefined } = {
  // Stops, stations and entrances have coordinates; generic nodes and boarding areas may not.
  stops: (s) => (s.location_type <= 2 && (s.stop_lat === undefined || s.stop_lon === undefined)
    ? { column: s.stop_lat === undefined ? 'stop_lat' : 'stop_lon', message: 'valeur manquante : un arrêt doit avoir ses coordonnées' } : undefined),
  calendar: (c) => (c.start_date > c.end_date ? { column: 'end_date', message: 'la fin précède le début (start_date)' } : undefined),
  frequencies: (f) => (f.start_time >= f.end_time ? { column: 'end_time', message: 'la fin doit suivre le début (start_time)' } : undefined),
};
export type FileName = keyof typeof schemas;

/** Required columns of each file, checked on its header before any row. */
export const REQUIRED_COLUMNS: Record<FileName, string[]> = {
  agency: ['agency_name', 'agency_timezone'],
  stops: ['stop_id'],
  routes: ['route_id', 'route_type'],
  trips: ['route_id', 'service_id', 'trip_id'],
  stop_times: ['trip_id', 'stop_id', 'stop_sequence'],
  calendar: ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'],
  calendar_dates: ['service_id', 'date', 'exception_type'],
  frequencies: ['trip_id', 'start_time', 'end_time', 'headway_secs'],
};


function validDate(d: string): boolean {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(4, 6));
  const day = Number(d.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, day));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === day;
}
