// What is wrong with a delivery, said for a person who is not a developer: which file, which
// line, which column, what was found, what is expected, what to do. At most 20 examples of
// each kind of problem, with the count of each kind.
import path from 'node:path';

export interface Problem {
  /** Problems of one kind are grouped; defaults to the column and message. */
  kind?: string;
  line?: number;
  column?: string;
  /** What was found (never an identifying value). */
  message: string;
  expected?: string;
  /** What to do. */
  hint: string;
  /** What only the command line can do besides (an option of `solidata import`): the server's pages leave it out. */
  cliHint?: string;
  /** What the import is told besides the file (producer, period, questionnaire) that fixes it: the server's form points to its field. */
  field?: 'producteur' | 'periode' | 'questionnaire';
  /** The file holds direct identifiers: it must not be kept anywhere. */
  identifying?: boolean;
}

export const EXAMPLES_PER_KIND = 20;

export class RefusedDelivery extends Error {
  readonly totals: Map<string, number>;
  constructor(readonly file: string, readonly problems: Problem[], totals: Map<string, number> = new Map()) {
    super(formatReport(file, problems, totals));
    this.name = 'RefusedDelivery';
    this.totals = totals;
  }

  get identifying(): boolean {
    return this.problems.some((p) => p.identifying);
  }
}

export const kindOf = (p: Problem) => p.kind ?? `${p.column ?? ''}:${p.message}`;

export function formatReport(file: string, problems: Problem[], totals: Map<string, number> = new Map()): string {
  const name = path.basename(file);
  const groups = new Map<string, Problem[]>();
  for (const p of problems) groups.set(kindOf(p), [...(groups.get(kindOf(p)) ?? []), p]);
  const lines = [`Fichier « ${name} » refusé : rien n’en a été chargé, les données publiées précédemment restent en ligne.`];
  if (problems.some((p) => p.identifying)) {
    lines.push('Il contient des données directement identifiantes : leurs valeurs ne sont pas reproduites ici, et un tel fichier déposé dans la boîte de dépôt est supprimé.');
  }
  const count = (k: string, shown: Problem[]) => Math.max(totals.get(k) ?? 0, shown.length);
  const total = [...groups].reduce((n, [k, shown]) => n + count(k, shown), 0);
  lines.push(`${total.toLocaleString('fr-FR')} problème(s) de ${groups.size} sorte(s) :`);
  for (const [k, shown] of groups) {
    const n = count(k, shown);
    const first = shown[0];
    lines.push('');
    lines.push(`• ${first.column ? `Colonne « ${first.column} » — ` : ''}${n.toLocaleString('fr-FR')} cas`);
    for (const p of shown.slice(0, EXAMPLES_PER_KIND)) {
      const where = [p.line !== undefined ? `ligne ${p.line}` : undefined, p.column ? `colonne « ${p.column} »` : undefined].filter(Boolean).join(', ');
      lines.push(`  - ${name}${where ? `, ${where}` : ''} : ${p.message}${p.expected ? ` ; attendu : ${p.expected}` : ''}.`);
    }
    if (n > Math.min(shown.length, EXAMPLES_PER_KIND)) lines.push(`  … et ${(n - Math.min(shown.length, EXAMPLES_PER_KIND)).toLocaleString('fr-FR')} autre(s) du même genre.`);
    lines.push(`  À faire : ${first.hint}${first.cliHint ? ` ${first.cliHint}` : ''}`);
  }
  return lines.join('\n');
}

/** Refuses a delivery for one reason. */
export const refuse = (file: string, problem: Problem): never => {
  throw new RefusedDelivery(file, [problem]);
};
