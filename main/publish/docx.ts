/**
 * Word (.docx) export: real Word tables in three-line style (thick top and bottom rules, a
 * thin rule under the header, no vertical lines), Chinese in SimSun (宋体) and Latin text in
 * Times New Roman through the run's East Asian / ASCII font slots, as Chinese journals ask.
 * Rules are cell borders, so they survive copy-paste between documents.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow as DocxRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { IBorderOptions, ITableCellBorders } from 'docx';
import { PUBLICATION_FONTS } from './format';
import type { TableModel } from './table-model';

const FONT = { ascii: PUBLICATION_FONTS.latin, hAnsi: PUBLICATION_FONTS.latin, cs: PUBLICATION_FONTS.latin, eastAsia: PUBLICATION_FONTS.eastAsia };
/** Sizes in half-points: 10.5 pt (五号) for the table, 9 pt (小五) for notes. */
const BODY_SIZE = 21;
const NOTE_SIZE = 18;
/** Border widths in eighths of a point: 1.5 pt rules, 0.75 pt mid rule (booktabs' heavy/light). */
const THICK: IBorderOptions = { style: BorderStyle.SINGLE, size: 12, color: '000000' };
const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

interface Edges {
  top?: IBorderOptions;
  bottom?: IBorderOptions;
}

function borders(edges: Edges, grid: boolean): ITableCellBorders {
  const side = grid ? THIN : NONE;
  return { top: edges.top ?? side, bottom: edges.bottom ?? side, left: side, right: side };
}

function runs(text: string, mark: string, size: number, bold = false): TextRun[] {
  const out = [new TextRun({ text, font: FONT, size, bold })];
  if (mark) out.push(new TextRun({ text: mark, font: FONT, size, superScript: true }));
  return out;
}

function cell(text: string, opts: { align: 'left' | 'center'; edges: Edges; grid: boolean; span?: number; mark?: string; keepNext: boolean }): TableCell {
  return new TableCell({
    children: [
      new Paragraph({ alignment: opts.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER, spacing: { before: 0, after: 0 }, keepNext: opts.keepNext, children: runs(text, opts.mark ?? '', BODY_SIZE) }),
    ],
    columnSpan: opts.span && opts.span > 1 ? opts.span : undefined,
    borders: borders(opts.edges, opts.grid),
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 30, bottom: 30, left: 100, right: 100 },
  });
}

function tableElements(model: TableModel): (Paragraph | Table)[] {
  const grid = model.style === 'grid';
  const rows: DocxRow[] = [];
  model.header.forEach((h, i) => {
    const last = i === model.header.length - 1;
    const edges: Edges = { top: i === 0 ? THICK : undefined, bottom: last ? THIN : undefined };
    const cells = [cell(h.stub, { align: 'left', edges, grid, keepNext: true })];
    for (const c of h.cells) {
      // A spanning cell above the last header row gets a short rule under it (booktabs \cmidrule).
      const under = !last && c.span > 1 && c.text !== '' ? THIN : edges.bottom;
      cells.push(cell(c.text, { align: 'center', edges: { top: edges.top, bottom: under }, grid, span: c.span, keepNext: true }));
    }
    rows.push(new DocxRow({ children: cells, tableHeader: true, cantSplit: true }));
  });
  const body = model.sections.flat();
  body.forEach((r, i) => {
    const edges: Edges = { bottom: i === body.length - 1 ? THICK : undefined };
    // "Keep with next" on every row but the last keeps a table (and its title) on one page when it fits.
    const keepNext = i < body.length - 1;
    const cells = [cell(r.label, { align: 'left', edges, grid, keepNext })];
    r.cells.forEach((text, j) => cells.push(cell(text, { align: 'center', edges, grid, mark: r.marks?.[j], keepNext })));
    rows.push(new DocxRow({ children: cells, cantSplit: true }));
  });
  const out: (Paragraph | Table)[] = [];
  if (model.title) {
    out.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 80 }, keepNext: true, children: runs(model.title, '', BODY_SIZE, true) }));
  }
  out.push(
    new Table({
      rows,
      borders: TableBorders.NONE,
      layout: TableLayoutType.AUTOFIT,
      width: { size: 100, type: WidthType.PERCENTAGE },
      alignment: AlignmentType.CENTER,
    }),
  );
  for (const n of model.notes) out.push(new Paragraph({ spacing: { before: 40, after: 0 }, children: runs(n, '', NOTE_SIZE) }));
  return out;
}

/** One .docx holding the tables in order, each followed by its notes. */
export async function tablesToDocx(models: TableModel[]): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  models.forEach((m, i) => {
    if (i > 0) children.push(new Paragraph({ children: [] }));
    children.push(...tableElements(m));
  });
  const doc = new Document({
    styles: { default: { document: { run: { font: FONT, size: BODY_SIZE } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

export function tableToDocx(model: TableModel): Promise<Buffer> {
  return tablesToDocx([model]);
}
