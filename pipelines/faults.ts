// Fault injection for the crash tests: with SOLIDATA_FAULT=<point>, the process stops at that
// point and waits to be killed, so that a test can SIGKILL it exactly there. Unset, it costs nothing.
import { log } from './log.ts';

export type FaultPoint = 'import:avant-commit' | 'modele:apres-ecriture' | 'publication:avant-remplacement';

export async function faultPoint(point: FaultPoint): Promise<void> {
  if (process.env.SOLIDATA_FAULT !== point) return;
  log.warn(`Point de panne atteint : ${point} (SOLIDATA_FAULT) — en attente d’être tué.`);
  await new Promise(() => {});
}
