// Travel-time matrices from many origins (population points) to a few destinations (service
// points): on foot, and on foot + public transport as the median over departures every minute
// of a window. Public transport goes through stop profiles (raptor.ts): one range search per
// stop that some origin can walk to, then, per origin, the profiles of its nearby stops are
// merged into one step function per destination: leave at t, arrive at EA(t). The median of
// EA(t) − t over the window's minutes is exact, found by counting the minutes under a bound.
import type { Point } from '../reference/geo.ts';
import { stopProfiles, UNREACHED, type StopProfiles } from './raptor.ts';
import type { Timetable } from './timetable.ts';
import type { Neighbours, Walker } from './walking.ts';

/** Seconds stored in a matrix cell when the destination is not reached within the limit. */
export const NOT_REACHED = 0xffff;

export interface TravelWindow {
  /** Seconds after midnight of the timetable's day: first departure. */
  from: number;
  /** Departures are before this. */
  to: number;
  /** Seconds between two departures (60: every minute). */
  step: number;
}

export interface TransitSettings {
  /** Longest walk from an origin to its first stop, and from the last stop to the destination. */
  maxAccessSeconds: number;
  /** Longest footpath between two stops when changing vehicles. */
  maxTransferSeconds: number;
}

export const DEFAULT_TRANSIT: TransitSettings = { maxAccessSeconds: 15 * 60, maxTransferSeconds: 5 * 60 };

export interface Matrix {
  origins: number;
  destinations: number;
  /** Seconds, row-major (origin × destination); NOT_REACHED beyond the limit. */
  seconds: Uint16Array;
  /** The limit the matrix was computed with (seconds). */
  maxSeconds: number;
}

export const cell = (m: Matrix, origin: number, destination: number) => m.seconds[origin * m.destinations + destination];

/** Walking times, origin × destination, up to maxSeconds. */
export function walkMatrix(origins: Point[], destinations: Point[], walker: Walker, maxSeconds: number): Matrix {
  checkLimit(maxSeconds);
  const seconds = new Uint16Array(origins.length * destinations.length).fill(NOT_REACHED);
  const near = walker.within(origins, destinations, maxSeconds);
  for (let o = 0; o < origins.length; o++) {
    for (let e = near.start[o]; e < near.start[o + 1]; e++) seconds[o * destinations.length + near.index[e]] = near.seconds[e];
  }
  return { origins: origins.length, destinations: destinations.length, seconds, maxSeconds };
}

export interface TransitInputs {
  timetable: Timetable;
  origins: Point[];
  destinations: Point[];
  walker: Walker;
  window: TravelWindow;
  maxSeconds: number;
  settings?: TransitSettings;
}

/**
 * The network side of a transit matrix, prepared once: walks (origin → stop, stop → stop,
 * stop → destination, origin → destination) and the stop profiles over the window.
 */
export class TransitSearch {
  readonly access: Neighbours;
  readonly direct: Neighbours;
  readonly profiles: StopProfiles;
  readonly window: TravelWindow;
  readonly minutes: number;
  readonly maxSeconds: number;
  readonly destinations: number;

  constructor(readonly inputs: TransitInputs) {
    const { timetable: tt, origins, destinations, walker, window, maxSeconds } = inputs;
    const settings = inputs.settings ?? DEFAULT_TRANSIT;
    checkLimit(maxSeconds);
    this.window = window;
    this.maxSeconds = maxSeconds;
    this.destinations = destinations.length;
    this.minutes = Math.max(0, Math.ceil((window.to - window.from) / window.step));
    const stops: Point[] = Array.from({ length: tt.stopCount }, (_, s) => ({ lat: tt.lat[s], lon: tt.lon[s] }));
    const accessLimit = Math.min(settings.maxAccessSeconds, maxSeconds);
    this.access = walker.within(origins, stops, accessLimit);
    this.direct = walker.within(origins, destinations, maxSeconds);
    const transfers = walker.within(stops, stops, settings.maxTransferSeconds);
    const egress = walker.within(stops, destinations, accessLimit);
    // Only stops some origin walks to need a profile.
    const sources = new Set<number>(this.access.index);
    const lastDeparture = window.from + (this.minutes - 1) * window.step;
    this.profiles = stopProfiles(tt, withoutSelf(transfers), egress, destinations.length, {
      from: window.from,
      // An origin leaving last may reach its stop after walking, and wait there within the limit.
      to: lastDeparture + maxSeconds,
      maxSeconds,
      sources,
    });
  }

  /**
   * For one origin and each destination reached by some vehicle: the steps (latest departure
   * from the origin, arrival), latest first, with arrivals strictly decreasing.
   */
  envelopes(origin: number): Map<number, { leave: number[]; arrive: number[] }> {
    const { access, profiles } = this;
    const { entryStart, entryDestination, stepStart, stepDeparture, stepArrival } = profiles;
    const byDestination = new Map<number, [number, number][]>();
    for (let a = access.start[origin]; a < access.start[origin + 1]; a++) {
      const s = access.index[a];
      const walk = access.seconds[a];
      for (let e = entryStart[s]; e < entryStart[s + 1]; e++) {
        const d = entryDestination[e];
        let list = byDestination.get(d);
        for (let k = stepStart[e]; k < stepStart[e + 1]; k++) {
          const leave = stepDeparture[k] - walk;
          if (leave < this.window.from) break;
          if (!list) byDestination.set(d, (list = []));
          list.push([leave, stepArrival[k]]);
        }
      }
    }
    const out = new Map<number, { leave: number[]; arrive: number[] }>();
    for (const [d, steps] of byDestination) {
      steps.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
      const leave: number[] = [];
      const arrive: number[] = [];
      let best = UNREACHED;
      for (const [l, a] of steps) {
        if (a < best) {
          best = a;
          if (leave.length > 0 && leave[leave.length - 1] === l) arrive[arrive.length - 1] = a;
          else {
            leave.push(l);
            arrive.push(a);
          }
        }
      }
      out.set(d, { leave, arrive });
    }
    return out;
  }

  /** Median (the lower one of an even count) over the window's departures of the vehicle journey's time, or Infinity beyond the limit. */
  medianSeconds(steps: { leave: number[]; arrive: number[] }): number {
    const need = Math.floor((this.minutes - 1) / 2) + 1;
    if (this.minutes === 0 || countWithin(steps, this.maxSeconds, this.window, this.minutes) < need) return Infinity;
    let lo = 0;
    let hi = this.maxSeconds;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (countWithin(steps, mid, this.window, this.minutes) >= need) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The whole matrix: for each pair, min(walking, median by vehicle). */
  matrix(): Matrix {
    const n = this.inputs.origins.length;
    const m = this.destinations;
    const seconds = new Uint16Array(n * m).fill(NOT_REACHED);
    for (let o = 0; o < n; o++) {
      const row = o * m;
      for (let e = this.direct.start[o]; e < this.direct.start[o + 1]; e++) seconds[row + this.direct.index[e]] = this.direct.seconds[e];
      for (const [d, steps] of this.envelopes(o)) {
        const median = this.medianSeconds(steps);
        if (median < seconds[row + d]) seconds[row + d] = median;
      }
    }
    return { origins: n, destinations: m, seconds, maxSeconds: this.maxSeconds };
  }
}

/** Earliest arrival for a departure from the origin at t, from its envelope (Infinity if none). */
export function arrivalAt(steps: { leave: number[]; arrive: number[] }, t: number): number {
  // Steps are latest first: the earliest arrival is that of the last step still ≥ t.
  let found = Infinity;
  for (let k = 0; k < steps.leave.length && steps.leave[k] >= t; k++) found = steps.arrive[k];
  return found;
}

export function transitMatrix(inputs: TransitInputs): Matrix {
  return new TransitSearch(inputs).matrix();
}

/** How many of the window's departures reach the destination within x seconds. */
function countWithin(steps: { leave: number[]; arrive: number[] }, x: number, window: TravelWindow, minutes: number): number {
  const { leave, arrive } = steps;
  let count = 0;
  for (let k = 0; k < leave.length; k++) {
    // Departures in (leave[k + 1], leave[k]] arrive at arrive[k]; within x when t ≥ arrive[k] − x.
    const lo = Math.max(k + 1 < leave.length ? leave[k + 1] + 1 : -Infinity, arrive[k] - x);
    const hi = leave[k];
    if (lo > hi) continue;
    const first = Math.max(0, Math.ceil((lo - window.from) / window.step));
    const last = Math.min(minutes - 1, Math.floor((hi - window.from) / window.step));
    if (last >= first) count += last - first + 1;
  }
  return count;
}

function checkLimit(maxSeconds: number): void {
  if (!(maxSeconds >= 0 && maxSeconds < NOT_REACHED)) throw new RangeError(`durée maximale hors limites : ${maxSeconds} s (au plus ${NOT_REACHED - 1}).`);
}

/** A stop's footpath to itself is no transfer at all. */
function withoutSelf(fp: Neighbours): Neighbours {
  const start = new Int32Array(fp.start.length);
  const index: number[] = [];
  const seconds: number[] = [];
  for (let s = 0; s + 1 < fp.start.length; s++) {
    for (let e = fp.start[s]; e < fp.start[s + 1]; e++) {
      if (fp.index[e] === s) continue;
      index.push(fp.index[e]);
      seconds.push(fp.seconds[e]);
    }
    start[s + 1] = index.length;
  }
  return { start, index: Int32Array.from(index), seconds: Int32Array.from(seconds) };
}
