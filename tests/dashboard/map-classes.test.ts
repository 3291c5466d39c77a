// The colour classes of the maps (components/classes.js): limits as the legend writes them, never two
// alike, each value in the class its legend says, the lightest class always the light blue (never the
// white of « non disponible »). Values chosen to make rounded limits collide.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipelines/config.ts';

interface Classes { limites: number[]; couleurs: string[]; decimales: number; mesure: (v: number) => number }
const { classesCarte, BLEUS } = (await import(pathToFileURL(path.join(projectRoot, 'components', 'classes.js')).href)) as {
  classesCarte: (valeurs: number[], options?: { decimales?: number; affichees?: number; n?: number }) => Classes;
  BLEUS: string[];
};

/** The limits as the legend writes them (French decimals). */
const ecrites = (c: Classes) => c.limites.map((v) => v.toLocaleString('fr-FR', { minimumFractionDigits: c.decimales, maximumFractionDigits: c.decimales }));

/** What every set of classes must be, whatever the values (`affichees`: the decimals of the figures shown). */
function verifie(valeurs: number[], c: Classes, affichees = c.decimales) {
  const textes = ecrites(c);
  expect(new Set(textes).size, textes.join(' | ')).toBe(textes.length);
  // Increasing, strictly inside the values' range, one colour more than limits.
  expect([...c.limites].sort((a, b) => a - b)).toEqual(c.limites);
  for (const l of c.limites) {
    expect(l).toBeGreaterThan(Math.min(...valeurs));
    expect(l).toBeLessThanOrEqual(Math.max(...valeurs));
    // The limit is the number written: rounding it again changes nothing.
    expect(Number(l.toFixed(c.decimales))).toBe(l);
  }
  expect(c.couleurs.length).toBe(c.limites.length + 1);
  // Each place in the class its figure, as written, says: « 90,8 % » is never in « below 90,8 % ».
  const ecrite = (v: number) => Number(v.toFixed(Math.max(affichees, c.decimales)));
  for (const v of valeurs) for (const l of c.limites) expect(c.mesure(v) >= l, `${v} face à ${l}`).toBe(ecrite(v) >= l);
  // The first and last classes hold a place each.
  if (c.limites.length > 0) {
    expect(valeurs.some((v) => c.mesure(v) < c.limites[0])).toBe(true);
    expect(valeurs.some((v) => c.mesure(v) >= c.limites.at(-1)!)).toBe(true);
  }
  expect(new Set(c.couleurs).size).toBe(c.couleurs.length);
  if (c.limites.length > 0) expect(c.couleurs[0]).toBe(BLEUS[0]);
  expect(c.couleurs).not.toContain('#fff');
  expect(c.decimales).toBeLessThanOrEqual(6);
}

describe('the classes of a map', () => {
  it('never writes two limits alike when quantiles round to the same figure', () => {
    // Days (written whole): quantiles 42,2 / 42,4 / 42,9 / 43,1 would read « 42, 42, 43, 43 ».
    const jours = [41.8, 42.1, 42.2, 42.3, 42.4, 42.6, 42.9, 43.0, 43.1, 43.3];
    const c = classesCarte(jours, { decimales: 0 });
    verifie(jours, c);
    expect(c.limites.length).toBeGreaterThanOrEqual(2);
    // A share written in whole percents, all between 90 and 95 %.
    const parts = Array.from({ length: 50 }, (_, i) => 90.2 + (i % 10) * 0.5 + i / 1000);
    verifie(parts, classesCarte(parts, { decimales: 0 }));
  });

  it('classes a place by its figure as written, not by the unrounded value', () => {
    // Five territories, shares written to one decimal, limits in whole percents if they can be.
    const parts = [90.1, 90.75, 91.3, 92.61, 93.5];
    const c = classesCarte(parts, { decimales: 0, affichees: 1 });
    verifie(parts, c, 1);
    // 90,75 reads « 90,8 % »: the limit written 90,8 % puts it above, never below.
    expect(c.limites).toContain(90.8);
    expect(c.mesure(90.75)).toBeGreaterThanOrEqual(90.8);
  });

  it('merges classes when even one more decimal cannot keep them apart, and gives one colour to figures that read alike', () => {
    const serrees = [10, 10.001, 10.002, 10.003, 10.004, 10.005, 10.006, 10.007, 10.008, 10.009];
    // Written to three decimals: the legend needs finer limits than whole numbers, and gets fewer classes.
    const fines = classesCarte(serrees, { decimales: 0, affichees: 3 });
    verifie(serrees, fines, 3);
    expect(fines.decimales).toBeGreaterThan(0);
    expect(fines.limites.length).toBeGreaterThan(0);
    // Written whole, they all read « 10 »: one colour, no scale.
    expect(classesCarte(serrees, { decimales: 0 }).limites).toEqual([]);
  });

  it('keeps five classes of as many places each when the values allow it', () => {
    const valeurs = Array.from({ length: 100 }, (_, i) => i * 3.7);
    const c = classesCarte(valeurs, { decimales: 1 });
    verifie(valeurs, c);
    expect(c.limites.length).toBe(4);
    expect(c.couleurs).toEqual(BLEUS);
    // Each class holds a fifth of the places.
    const classe = (v: number) => c.limites.filter((l) => v >= l).length;
    const effectifs = [0, 1, 2, 3, 4].map((k) => valeurs.filter((v) => classe(v) === k).length);
    expect(effectifs).toEqual([20, 20, 20, 20, 20]);
  });

  it('uses equal steps when many places share a value, and one colour when all do', () => {
    const zeros = [...Array(40).fill(0), 12.5, 30, 55.5, 80, 100];
    verifie(zeros, classesCarte(zeros, { decimales: 0 }));
    expect(classesCarte(zeros, { decimales: 0 }).limites.length).toBe(4);
    const memes = [7, 7, 7];
    expect(classesCarte(memes)).toMatchObject({ limites: [] });
    expect(classesCarte(memes).couleurs).toHaveLength(1);
    expect(classesCarte([]).limites).toEqual([]);
    // Two values: two classes, the light one and the dark one.
    const deux = classesCarte([3, 9], { n: 2 });
    verifie([3, 9], deux);
    expect(deux.couleurs).toEqual([BLEUS[0], BLEUS[4]]);
  });
});
