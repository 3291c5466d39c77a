// Where the figures of a source appear on the dashboard: the pages of the themes whose indicators
// read it (from the indicators' headers, as the catalogue says), in the menu's order; « Les
// données » when none has a page.
import { loadIndicators } from '../assets/indicators.ts';
import { MENU } from './menu.ts';

export interface ResultsPage {
  titre: string;
  page: string;
}

let themesBySource: Map<string, Set<string>> | undefined;

export function resultsPages(source: string): ResultsPage[] {
  themesBySource ??= loadIndicators().reduce((m, { entry }) => {
    for (const s of entry.sources) m.set(s, (m.get(s) ?? new Set<string>()).add(entry.theme));
    return m;
  }, new Map<string, Set<string>>());
  const themes = themesBySource.get(source) ?? new Set<string>();
  const pages = Object.entries(MENU.themes).filter(([theme, p]) => themes.has(theme) && p.page).map(([, p]) => ({ titre: p.titre, page: p.page! }));
  return pages.length > 0 ? pages : MENU.apres.filter((p) => p.page).map((p) => ({ titre: p.titre, page: p.page! }));
}
