// What is wrong with a delivery, said for a person who is not a developer: which file, which
// line, which column, what was found, what is expected, what to do.
import path from 'node:path';

export interface Problem {
  line?: number;
  column?: string;
  message: string;
  hint: string;
  /** The file holds direct identifiers: it must not be kept anywhere. */
  identifying?: boolean;
}

export class RefusedDelivery extends Error {
  constructor(readonly file: string, readonly problems: Problem[]) {
    super(formatReport(file, problems));
    this.name = 'RefusedDelivery';
  }
}

const MAX_SHOWN = 30;

export function formatReport(file: string, problems: Problem[]): string {
  const name = path.basename(file);
  const lines = [`Fichier « ${name} » refusé : rien n’en a été chargé, les données publiées précédemment restent en ligne.`];
  for (const p of problems.slice(0, MAX_SHOWN)) {
    const where = [p.line !== undefined ? `ligne ${p.line}` : undefined, p.column ? `colonne « ${p.column} »` : undefined]
      .filter(Boolean)
      .join(', ');
    lines.push(`  - ${name}${where ? `, ${where}` : ''} : ${p.message} ${p.hint}`);
  }
  if (problems.length > MAX_SHOWN) lines.push(`  … et ${problems.length - MAX_SHOWN} autres problèmes.`);
  return lines.join('\n');
}
