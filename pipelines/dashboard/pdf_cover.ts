// The PDF's first sheet: what the document is (the département's observatory, a session document,
// the edition or the date of the figures) and its contents with the number of each part's first page.
import type { Browser } from 'playwright-core';

export interface Part {
  title: string;
  /** Sheet number (1 = the cover) where the part starts. */
  page: number;
  annex: boolean;
}

export interface CoverInfo {
  heading: string;
  /** « Chiffres publiés au 3 décembre 2026 ». */
  edition: string;
  printed: string;
  parts: Part[];
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function coverHtml(info: CoverInfo): string {
  const row = (p: Part) => `<tr><td>${escape(p.title)}</td><td class="n">${p.page}</td></tr>`;
  const main = info.parts.filter((p) => !p.annex);
  const annexes = info.parts.filter((p) => p.annex);
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escape(info.heading)}</title><style>
    body { font-family: system-ui, sans-serif; color: #111827; margin: 0; }
    .couverture { height: 250mm; display: flex; flex-direction: column; justify-content: space-between; }
    .kicker { text-transform: uppercase; letter-spacing: 0.08em; color: #1e3a8a; font-weight: 700; margin-top: 30mm; }
    h1 { font-size: 28pt; margin: 4mm 0; }
    .edition { font-size: 14pt; margin: 0; }
    .imprime { color: #4b5563; }
    h2 { font-size: 16pt; margin: 0 0 4mm; }
    table { width: 100%; border-collapse: collapse; font-size: 11pt; }
    td { padding: 1.5mm 0; border-bottom: 1px dotted #9ca3af; }
    td.n { text-align: right; width: 20mm; }
    .annexes td { color: #374151; }
    h3 { font-size: 12pt; margin: 6mm 0 2mm; }
  </style></head><body>
  <section class="couverture">
    <div>
      <p class="kicker">Document de séance</p>
      <h1>${escape(info.heading)}</h1>
      <p class="edition">${escape(info.edition)}</p>
    </div>
    <p class="imprime">Imprimé le ${escape(info.printed)}. Chiffres publiés sous secret statistique : une case qui compte trop peu
    de personnes est écrite « secret statistique ».</p>
  </section>
  <section class="sommaire" style="break-before: page">
    <h2>Sommaire</h2>
    <table>${main.map(row).join('')}</table>
    ${annexes.length ? `<h3>Annexes</h3><table class="annexes">${annexes.map(row).join('')}</table>` : ''}
  </section>
  </body></html>`;
}

/** The cover and contents as PDF bytes. */
export async function printCover(browser: Browser, info: CoverInfo): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    await page.setContent(coverHtml(info), { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '20mm', bottom: '15mm', left: '20mm', right: '20mm' } });
  } finally {
    await page.close();
  }
}
