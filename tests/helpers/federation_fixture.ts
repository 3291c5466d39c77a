// Three départements' packages made from one demo package (cheap: no run per département):
// 41 as exported, 92 and 38 copies with other codes and counts, 38 with some of its own cells masked.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathsFor, projectRoot } from '../../pipelines/config.ts';
import { federationPaths, type FederationPaths } from '../../pipelines/federation/folders.ts';
import { writePackage } from '../../pipelines/opendata/package.ts';
import { copyPackageAs } from './package_copies.ts';

const contoursOf = (file: string) => path.join(projectRoot, 'reference', 'geo', file);

/** The cells 38 masks: its requests about housing (a breakdown) and its whole count of requests received. */
export const MASKED_IN_38 = "indicateur = 'demandes_recues' AND (dimension = '' OR (dimension = 'motif' AND modalite = 'logement'))";

/** Writes the three packages into the federation's inbox (one folder each), as three départements would. */
export async function depositThree(publishedDuckdb: string, dataDir: string): Promise<FederationPaths> {
  const fp = federationPaths(pathsFor(dataDir));
  const work = path.join(dataDir, 'paquets-sources');
  mkdirSync(work, { recursive: true });
  copyFileSync(publishedDuckdb, path.join(work, 'published.duckdb'));
  const original = path.join(work, 'paquet-41');
  await writePackage({ database: path.join(work, 'published.duckdb'), output: original, edition: null, secretThreshold: 11 });
  mkdirSync(fp.inbox, { recursive: true });
  await copyPackageAs(original, path.join(fp.inbox, 'loir-et-cher'), '41', 'Loir-et-Cher');
  await copyPackageAs(original, path.join(fp.inbox, 'hauts-de-seine'), '92', 'Hauts-de-Seine', { scale: 3, contours: contoursOf('communes-92-hauts-de-seine.geojson') });
  await copyPackageAs(original, path.join(fp.inbox, 'isere'), '38', 'Isère', { scale: 2, maskWhere: MASKED_IN_38, contours: contoursOf('communes-38-isere.geojson') });
  return fp;
}
