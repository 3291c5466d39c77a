// A command's settings: its data directory and options, the configuration file, DATABASE_URL.
import { loadConfig } from '../settings.ts';

/** The `proximite` block without the straight-line distance: the travel-time settings. */
const travelBlock = ({ distance_km: _, ...travel }: Record<string, unknown>) => travel;

export function settingsFrom(values: { 'data-dir': string; config?: string }) {
  const config = loadConfig(values.config);
  const databaseUrl = process.env.DATABASE_URL || undefined;
  return { config, settings: { dataDir: values['data-dir'], databaseUrl, secretThreshold: config.secret_statistique.seuil, secretMinWidth: config.secret_statistique.largeur_min, proximityKm: config.proximite.distance_km, travel: travelBlock(config.proximite), caseloadJobs: config.moyens.metiers_file_active } };
}
