// Where a federation (a regional instance comparing départements from their open data packages)
// keeps things, inside its own data directory: an inbox of package folders, the accepted packages
// (one per département, the latest), the refused ones with the reason, and its published database.
import path from 'node:path';
import type { Paths } from '../config.ts';

export interface FederationPaths {
  inbox: string;
  accepted: string;
  refused: string;
  published: string;
  /** The regional dashboard, built from the published federation, and the workshop it is built in. */
  dashboard: string;
  dashboardWorkshop: string;
}

export function federationPaths(paths: Pick<Paths, 'dataDir'>): FederationPaths {
  const root = path.join(paths.dataDir, 'federation');
  return {
    inbox: path.join(root, 'boite'),
    accepted: path.join(root, 'paquets'),
    refused: path.join(root, 'refuses'),
    published: path.join(paths.dataDir, 'federation.duckdb'),
    dashboard: path.join(root, 'tableau'),
    dashboardWorkshop: path.join(root, 'tableau-atelier'),
  };
}

/** What the federation records about an accepted package (provenance.json beside it). */
export interface Provenance {
  departement: string;
  nom: string;
  edition: string | null;
  schema_version: string;
  sha256: string;
  base_publiee_sha256: string;
  date_donnees_min: string;
  date_donnees_max: string;
  periode_debut: string;
  periode_fin: string;
  recu_le: string;
  dossier_recu: string;
}

export const PROVENANCE = 'provenance.json';
export const REFUSAL = 'REFUS.txt';
