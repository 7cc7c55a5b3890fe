// A form's table on the composer's pages: columns scaled to the text width, cells wrapped, the header row
// drawn again at the top of every page the table continues on, a row kept whole on one page unless it is
// taller than a page (then it continues, split between lines). Rows may have a least height (room to sign).
import type { PDFPage } from 'pdf-lib';
import { strokeBlack } from './page-text';
import type { Run } from './rich-text';
import type { TableColumn, TemplateBlock } from './template-store';
import type { Line } from './text-layout';

export type Align = 'left' | 'center' | 'right';

/** One table row: the cell texts by column key (TABLE_KEYS of its table). */
export type TableRow = Partial<Record<string, Run[]>>;

export type TableBlock = Extract<TemplateBlock, { table: string }>;

/** What the table needs of the composer: where it is on the page, how to draw, and how to go on. */
export interface TableCanvas {
  left: number;
  width: number;
  bottom: number;
  leading: number;
  /** Type size when the template sets none. */
  defaultSize: number;
  /** Top of the free space on the current page. */
  y(): number;
  advance(height: number): void;
  page(): PDFPage;
  wrap(runs: Run[], width: number, size: number): Line[];
  drawLines(lines: Line[], x: number, width: number, top: number, size: number, align: Align): void;
  /** Starts a further page unless `height` still fits. */
  ensure(height: number): void;
  nextPage(): void;
}

const PAD_X = 3;
const PAD_Y = 2;

export function layTable(c: TableCanvas, block: TableBlock, rows: TableRow[]): void {
  const columns: TableColumn[] = block.columns;
  const size = block.fontSize ?? c.defaultSize;
  const minRow = block.minRowHeight ?? 0;
  const total = columns.reduce((s, col) => s + col.width, 0);
  const widths = columns.map((col) => (col.width / total) * c.width);
  const lead = size * c.leading;
  const cellLines = (cells: TableRow, header: boolean) =>
    columns.map((col, i) => c.wrap(header ? [{ text: col.label, style: 'bold' }] : (cells[col.key] ?? []), widths[i]! - 2 * PAD_X, size));
  const rowHeight = (lines: Line[][]) => Math.max(Math.max(...lines.map((l) => l.length)) * lead + 2 * PAD_Y, minRow);
  const headerLines = cellLines({}, true);
  const headerHeight = Math.max(...headerLines.map((l) => l.length)) * lead + 2 * PAD_Y;

  const drawRow = (lines: Line[][], height: number, header: boolean) => {
    const page = c.page();
    const top = c.y();
    let x = c.left;
    const cells: [number, number, number, number][] = [];
    columns.forEach((col, i) => {
      cells.push([x, top - height, widths[i]!, height]);
      const align: Align = header ? 'center' : (col.align ?? (col.key === 'name' ? 'left' : 'center'));
      c.drawLines(lines[i]!, x + PAD_X, widths[i]! - 2 * PAD_X, top - PAD_Y, size, align);
      x += widths[i]!;
    });
    strokeBlack(page, 0.5, { rects: cells });
    c.advance(height);
  };
  const startPage = () => drawRow(headerLines, headerHeight, true);

  const firstHeight = rows.length ? rowHeight(cellLines(rows[0]!, false)) : 0;
  c.ensure(headerHeight + firstHeight);
  startPage();
  let rowsOnPage = 0;
  for (const row of rows) {
    let lines = cellLines(row, false);
    while (lines.some((l) => l.length)) {
      const height = rowHeight(lines);
      if (c.y() - height >= c.bottom) {
        drawRow(lines, height, false);
        rowsOnPage++;
        break;
      }
      const fit = Math.floor((c.y() - c.bottom - 2 * PAD_Y) / lead);
      if (fit >= 1 && rowsOnPage === 0) {
        // A row taller than a whole page: print what fits, continue the row on the next page.
        drawRow(lines.map((l) => l.slice(0, fit)), fit * lead + 2 * PAD_Y, false);
        lines = lines.map((l) => l.slice(fit));
      }
      c.nextPage();
      startPage();
      rowsOnPage = 0;
    }
  }
}
