// Every sheet but the cover gets a footer: what the document is, its edition or date, and
// « page n / total », so that a sheet taken out of the session file still says where it belongs.
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';

/** pdf-lib's standard fonts write WinAnsi only: French letters pass, narrow spaces and arrows do not. */
const winAnsi = (text: string) => text.replace(/[\u202f\u2009\u00a0]/g, ' ').replace(/[’]/g, "'").replace(/[^\x20-\x7e\u00a0-\u00ff«»€…–—]/g, '');

export async function stampFooters(doc: PDFDocument, label: string): Promise<void> {
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = doc.getPages();
  const size = 8;
  pages.forEach((page, index) => {
    if (index === 0) return;
    const { width } = page.getSize();
    const left = winAnsi(label);
    const right = `page ${index + 1} / ${pages.length}`;
    page.drawText(left, { x: 34, y: 18, size, font, color: rgb(0.3, 0.33, 0.38) });
    page.drawText(right, { x: width - 34 - font.widthOfTextAtSize(right, size), y: 18, size, font, color: rgb(0.3, 0.33, 0.38) });
  });
}
