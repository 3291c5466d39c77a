// zod's messages in French, for every boundary checked with zod (configuration, command line,
// SQL headers): the people who read them are not developers.
import { z, ZodIssueCode, type ZodErrorMap } from 'zod';

const frenchErrors: ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case ZodIssueCode.invalid_type:
      return { message: issue.received === 'undefined' ? 'valeur manquante' : `attendu : ${typeName(issue.expected)}, trouvé : ${typeName(issue.received)}` };
    case ZodIssueCode.too_small:
      return { message: issue.type === 'array' || issue.type === 'string' ? `au moins ${issue.minimum} élément(s) ou caractère(s)` : `attendu : au moins ${issue.minimum}` };
    case ZodIssueCode.too_big:
      return { message: issue.type === 'array' || issue.type === 'string' ? `au plus ${issue.maximum} élément(s) ou caractère(s)` : `attendu : au plus ${issue.maximum}` };
    case ZodIssueCode.invalid_enum_value:
      return { message: `« ${String(issue.received)} » n’est pas admis ; valeurs admises : ${issue.options.join(', ')}` };
    case ZodIssueCode.unrecognized_keys:
      return { message: `réglage(s) inconnu(s) : ${issue.keys.join(', ')}` };
    case ZodIssueCode.invalid_string:
      return { message: 'format invalide' };
    default:
      return { message: ctx.defaultError };
  }
};

const TYPES: Record<string, string> = { string: 'un texte', number: 'un nombre', integer: 'un entier', boolean: 'oui ou non (true/false)', array: 'une liste', object: 'un ensemble de réglages', null: 'rien', undefined: 'rien', date: 'une date' };
const typeName = (t: string) => TYPES[t] ?? t;

z.setErrorMap(frenchErrors);
