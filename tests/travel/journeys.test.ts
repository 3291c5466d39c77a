// Small hand-made feeds whose answers are known: a transfer (at the same stop and on foot), a
// trip past midnight, calendar exceptions, a stop served only some days, frequencies, times
// between timepoints, pickup and drop-off rules, and the median over the window's departures.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGtfs } from '../../pipelines/travel/gtfs.ts';
import { Raptor, UNREACHED } from '../../pipelines/travel/raptor.ts';
import { activeServices, buildTimetable, typicalDay } from '../../pipelines/travel/timetable.ts';
import { TransitSearch } from '../../pipelines/travel/traveltimes.ts';
import { straightWalker } from '../../pipelines/travel/walking.ts';
import { h, writeFeed, type FeedSpec } from './helpers.ts';

// Stops 5 km apart on a line (nobody walks between them), and B2 150 m from B (a footpath).
const KM = 1 / 111.2;
const stops = [
  { id: 'A', lat: 47, lon: 1 },
  { id: 'B', lat: 47 + 5 * KM, lon: 1 },
  { id: 'B2', lat: 47 + 5 * KM + 0.15 * KM, lon: 1 },
  { id: 'C', lat: 47 + 10 * KM, lon: 1 },
  { id: 'D', lat: 47 + 15 * KM, lon: 1 },
  { id: 'E', lat: 47 + 20 * KM, lon: 1 },
];

/** Earliest arrival (seconds of the day) at each stop by at least one vehicle within 4 hours, starting at `from` at `time`. */
function earliest(spec: FeedSpec, date: string, from: string, time: number): Record<string, number | undefined> {
  const timetable = buildTimetable(readGtfs(writeFeed(spec)), { date });
  const points = timetable.stopIds.map((_, s) => ({ lat: timetable.lat[s], lon: timetable.lon[s] }));
  const transfers = straightWalker().within(points, points, 5 * 60);
  const raptor = new Raptor(timetable, transfers);
  raptor.start(timetable.stopIds.indexOf(from), time);
  // Without a limit, tomorrow's trips would reach what today's do not.
  raptor.run(time + h(4));
  return Object.fromEntries(timetable.stopIds.map((id, s) => [id, raptor.reached[s] < UNREACHED ? raptor.reached[s] : undefined]));
}

describe('journeys on hand-made feeds', () => {
  it('changes vehicle at a stop, or after a short walk to a nearby stop', () => {
    const spec: FeedSpec = {
      stops,
      trips: [
        { id: 'L1', route: 'L1', calls: [['A', h(8)], ['B', h(8, 20)]] },
        // Leaves B before L1 arrives: cannot be caught; the next one can.
        { id: 'L2-early', route: 'L2', calls: [['B', h(8, 15)], ['C', h(8, 40)]] },
        { id: 'L2', route: 'L2', calls: [['B', h(8, 25)], ['C', h(8, 50)]] },
        // From B2, 150 m away: 146 s on foot (150 m × 1.3 at 4.8 km/h), so 8:22:26 there, in time for 8:24.
        { id: 'L3', route: 'L3', calls: [['B2', h(8, 24)], ['D', h(8, 45)]] },
        // Leaves B2 at 8:22: missed by 26 seconds.
        { id: 'L4', route: 'L4', calls: [['B2', h(8, 22)], ['E', h(8, 30)]] },
      ],
    };
    const at = earliest(spec, '2025-03-04', 'A', h(7, 55));
    expect(at.B).toBe(h(8, 20));
    expect(at.B2).toBe(h(8, 22, 26));
    expect(at.C).toBe(h(8, 50));
    expect(at.D).toBe(h(8, 45));
    expect(at.E).toBeUndefined();
  });

  it('runs the previous day’s late trips past midnight, and the day’s own into the night', () => {
    const spec: FeedSpec = {
      stops,
      // Mondays only: 23:50 from A, 00:30 at B, 01:00 at C (GTFS times of Monday's service day).
      calendar: { LUN: ['1000000', '20250101', '20251231'] },
      trips: [{ id: 'NUIT', service: 'LUN', calls: [['A', h(23, 50)], ['B', h(24, 30)], ['C', h(25)]] }],
    };
    // Monday evening: arrives after midnight, at 24:30 and 25:00 of Monday.
    const monday = earliest(spec, '2025-03-03', 'A', h(23, 40));
    expect(monday.B).toBe(h(24, 30));
    expect(monday.C).toBe(h(25));
    // Tuesday 00:20 at B: Monday's trip is still running, at 00:30 Tuesday.
    const tuesday = earliest(spec, '2025-03-04', 'B', h(0, 20));
    expect(tuesday.C).toBe(h(1));
    // Wednesday 00:20: Tuesday has no such service.
    expect(earliest(spec, '2025-03-05', 'B', h(0, 20)).C).toBeUndefined();
    // Sunday 23:40 at A: the 23:50 runs on Monday nights only, a day later.
    expect(earliest(spec, '2025-03-02', 'A', h(23, 40)).B).toBeUndefined();
  });

  it('applies calendar exceptions: a service removed on a day, another added', () => {
    const spec: FeedSpec = {
      stops,
      calendar: { SEM: ['1111100', '20250101', '20251231'], FERIE: ['0000000', '20250101', '20251231'] },
      calendarDates: [['SEM', '20250304', 2], ['FERIE', '20250304', 1]],
      trips: [
        { id: 'SEM', service: 'SEM', calls: [['A', h(8)], ['B', h(8, 20)]] },
        { id: 'FERIE', service: 'FERIE', calls: [['A', h(9)], ['B', h(9, 30)]] },
      ],
    };
    const feed = readGtfs(writeFeed(spec));
    expect([...activeServices(feed, '2025-03-04')]).toEqual(['FERIE']);
    expect([...activeServices(feed, '2025-03-11')]).toEqual(['SEM']);
    expect(earliest(spec, '2025-03-04', 'A', h(7, 50)).B).toBe(h(9, 30));
    expect(earliest(spec, '2025-03-11', 'A', h(7, 50)).B).toBe(h(8, 20));
    // The usual Tuesday is not the exceptional one.
    expect(typicalDay(feed)).toBe('2025-01-07');
  });

  it('serves a stop only on the days of the trips that call there', () => {
    const spec: FeedSpec = {
      stops,
      calendar: { SEM: ['1111100', '20250101', '20251231'], SAM: ['0000010', '20250101', '20251231'] },
      trips: [
        { id: 'SEM', service: 'SEM', calls: [['A', h(8)], ['B', h(8, 20)]] },
        { id: 'MARCHE', service: 'SAM', calls: [['A', h(8)], ['B', h(8, 20)], ['E', h(8, 40)]] },
      ],
    };
    const saturday = buildTimetable(readGtfs(writeFeed(spec)), { date: '2025-03-08' });
    const tuesday = buildTimetable(readGtfs(writeFeed(spec)), { date: '2025-03-04' });
    const routesAt = (tt: typeof saturday, id: string) => tt.stopRouteStart[tt.stopIds.indexOf(id) + 1] - tt.stopRouteStart[tt.stopIds.indexOf(id)];
    expect(routesAt(saturday, 'E')).toBe(1);
    expect(routesAt(tuesday, 'E')).toBe(0);
    expect(earliest(spec, '2025-03-08', 'A', h(7)).E).toBe(h(8, 40));
    expect(earliest(spec, '2025-03-04', 'A', h(7)).E).toBeUndefined();
  });

  it('expands frequencies into departures, the end excluded', () => {
    const spec: FeedSpec = {
      stops,
      trips: [{ id: 'NAV', calls: [['A', h(6)], ['B', h(6, 12)]] }],
      frequencies: [['NAV', h(8), h(9), 600]],
    };
    const tt = buildTimetable(readGtfs(writeFeed(spec)), { date: '2025-03-04', from: h(7), to: h(12) });
    expect(Array.from(tt.departures.subarray(0, tt.routeTripCount[0]))).toEqual([0, 10, 20, 30, 40, 50].map((m) => h(8, m)));
    // The whole day and the next night: yesterday's departures are over, tomorrow's come in.
    const all = buildTimetable(readGtfs(writeFeed(spec)), { date: '2025-03-04' });
    expect(all.routeTripCount[0]).toBe(12);
    expect(earliest(spec, '2025-03-04', 'A', h(8, 5)).B).toBe(h(8, 22));
    expect(earliest(spec, '2025-03-04', 'A', h(8, 51)).B).toBeUndefined();
  });

  it('puts stops between timepoints in proportion to the distance, and honours pickup and drop-off rules', () => {
    const spec: FeedSpec = {
      stops,
      trips: [
        // B has no time: halfway from A to C in distance, so halfway in time.
        { id: 'T', route: 'T', calls: [['A', h(8)], ['B', NaN], ['C', h(8, 30)]] },
        // Nobody set down at D.
        { id: 'U', route: 'U', calls: [['C', h(9)], ['D', h(9, 10), h(9, 10), false, true], ['E', h(9, 20)]] },
        // Nobody taken up at B: else E would be reached at 8:40.
        { id: 'V', route: 'V', calls: [['B', h(8, 30), h(8, 30), true], ['E', h(8, 40)]] },
      ],
    };
    const dir = writeFeed(spec);
    // The helper wrote NaN as an empty-looking time: write it as GTFS does, empty.
    const text = readFileSync(`${dir}/stop_times.txt`, 'utf8').replace(/NaN:NaN:NaN/g, '');
    writeFileSync(`${dir}/stop_times.txt`, text);
    const tt = buildTimetable(readGtfs(dir), { date: '2025-03-04' });
    const points = tt.stopIds.map((_, s) => ({ lat: tt.lat[s], lon: tt.lon[s] }));
    const raptor = new Raptor(tt, straightWalker().within(points, points, 0));
    raptor.start(tt.stopIds.indexOf('A'), h(7, 59));
    raptor.run();
    const at = (id: string) => raptor.reached[tt.stopIds.indexOf(id)];
    expect(at('B')).toBe(h(8, 15));
    expect(at('C')).toBe(h(8, 30));
    expect(at('D')).toBe(UNREACHED);
    expect(at('E')).toBe(h(9, 20));
  });

  it('takes the median over the window’s departures, walking included', () => {
    // A bus from A every 20 minutes reaching C 10 minutes later; origin at A, destination at C.
    const trips = [0, 20, 40, 60, 80].map((m, k) => ({ id: `T${k}`, calls: [['A', h(8, m)], ['C', h(8, m + 10)]] as FeedSpec['trips'][number]['calls'] }));
    const timetable = buildTimetable(readGtfs(writeFeed({ stops, trips })), { date: '2025-03-04' });
    const search = new TransitSearch({
      timetable, origins: [stops[0]], destinations: [stops[3]], walker: straightWalker(),
      window: { from: h(8), to: h(9), step: 60 }, maxSeconds: 3600,
    });
    // Leaving at 8:00..8:59 the wait is 0, 19, 18 … 1 three times over: the 30th smallest of the
    // 60 travel times is 9 min of waiting + 10 min of ride.
    expect(search.matrix().seconds[0]).toBe(19 * 60);
    // Within 15 minutes for 18 departures out of 60: beyond a 15-minute limit the median is not reached.
    const strict = new TransitSearch({
      timetable, origins: [stops[0]], destinations: [stops[3]], walker: straightWalker(),
      window: { from: h(8), to: h(9), step: 60 }, maxSeconds: 15 * 60,
    });
    expect(strict.matrix().seconds[0]).toBe(0xffff);
    // A destination 500 m from the origin is 8 min 7 s away on foot (650 m at 4.8 km/h), whatever the buses do.
    const near = { lat: stops[0].lat + 0.5 * KM, lon: 1 };
    const walk = new TransitSearch({ timetable, origins: [stops[0]], destinations: [near], walker: straightWalker(), window: { from: h(8), to: h(9), step: 60 }, maxSeconds: 900 });
    expect(walk.matrix().seconds[0]).toBe(487);
  });
});
