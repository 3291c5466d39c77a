// A uniform grid over points, to find those near a place without measuring every pair: the
// straight-line walker, the walking network's nodes and the population grid all look up through it.
import type { Point } from '../reference/geo.ts';

const EARTH_M_PER_DEG = (6371_000 * Math.PI) / 180;

/** A uniform grid over points (cells of about `cellMetres`), to find those near a place. */
export class Grid {
  private readonly cells = new Map<number, number[]>();
  private readonly latStep: number;
  private readonly lonStep: number;

  constructor(private readonly points: Point[], cellMetres: number) {
    const meanLat = points.length > 0 ? points.reduce((s, p) => s + p.lat, 0) / points.length : 45;
    // Slightly larger cells than asked: the distance uses each pair's own mean latitude.
    this.latStep = (cellMetres * 1.02) / EARTH_M_PER_DEG;
    this.lonStep = (cellMetres * 1.02) / (EARTH_M_PER_DEG * Math.max(0.1, Math.cos(((Math.abs(meanLat) + 1) * Math.PI) / 180)));
    points.forEach((p, i) => {
      if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon)) return;
      const key = this.key(Math.floor(p.lat / this.latStep), Math.floor(p.lon / this.lonStep));
      let list = this.cells.get(key);
      if (!list) this.cells.set(key, (list = []));
      list.push(i);
    });
  }

  /** Every point in the 3 × 3 cells around p: all those within one cell size, and some beyond. */
  around(p: Point, each: (index: number) => void): void {
    this.scan(p, 1, each);
  }

  aroundRadius(p: Point, metres: number, each: (index: number) => void): void {
    this.scan(p, Math.ceil(metres / ((this.latStep * EARTH_M_PER_DEG) / 1.02)), each);
  }

  private scan(p: Point, reach: number, each: (index: number) => void): void {
    const y = Math.floor(p.lat / this.latStep);
    const x = Math.floor(p.lon / this.lonStep);
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        const list = this.cells.get(this.key(y + dy, x + dx));
        if (list) for (const i of list) each(i);
      }
    }
  }

  private key(y: number, x: number): number {
    // Two 25-bit halves: exact in a double for cells down to a metre.
    return (y + 2 ** 24) * 2 ** 25 + (x + 2 ** 24);
  }
}
