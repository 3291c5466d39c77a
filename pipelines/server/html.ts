// HTML written as template literals, every value escaped unless it is markup made here.
class Markup {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
}

export type Html = Markup;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escape = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const render = (value: unknown): string => {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escape(String(value));
};

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Markup(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

/** Markup from a trusted constant (never from a value received). */
export const raw = (text: string) => new Markup(text);
