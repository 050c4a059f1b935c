/**
 * Excel (.xlsx) export with exceljs: the table as text cells (so "0.037***" and "(0.013)"
 * keep their digits), merged spanning header cells, three-line borders, Times New Roman for
 * Latin text and SimSun for cells with Chinese (Excel has one font per cell).
 */
import ExcelJS from 'exceljs';
import { hasCjk, PUBLICATION_FONTS } from './format';
import type { TableModel } from './table-model';
import { cellText } from './table-model';

type Border = Partial<ExcelJS.Borders>;

function fontFor(text: string, extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> {
  return { name: hasCjk(text) ? PUBLICATION_FONTS.eastAsia : PUBLICATION_FONTS.latin, size: 10.5, ...extra };
}

/** Adds a worksheet named `name` holding the table; returns it. */
export function addTableSheet(workbook: ExcelJS.Workbook, model: TableModel, name = 'Table'): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(name.slice(0, 31));
  const width = model.ncol + 1;
  const thick: Partial<ExcelJS.Border> = { style: 'medium', color: { argb: 'FF000000' } };
  const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
  const grid = model.style === 'grid';
  let r = 1;
  const put = (row: number, col: number, text: string, border: Border, align: 'left' | 'center', extraFont: Partial<ExcelJS.Font> = {}): void => {
    const c = ws.getCell(row, col);
    c.value = text;
    c.font = fontFor(text, extraFont);
    c.alignment = { horizontal: align, vertical: 'middle' };
    c.border = grid ? { top: thin, bottom: thin, left: thin, right: thin, ...border } : border;
  };
  if (model.title) {
    put(r, 1, model.title, {}, 'center', { bold: true });
    ws.mergeCells(r, 1, r, width);
    r++;
  }
  model.header.forEach((h, i) => {
    const border: Border = {};
    if (i === 0) border.top = thick;
    if (i === model.header.length - 1) border.bottom = thin;
    put(r, 1, h.stub, border, 'left');
    let col = 2;
    for (const c of h.cells) {
      for (let k = 0; k < c.span; k++) put(r, col + k, k === 0 ? c.text : '', border, 'center');
      if (c.span > 1) ws.mergeCells(r, col, r, col + c.span - 1);
      col += c.span;
    }
    r++;
  });
  const body = model.sections.flat();
  body.forEach((row, i) => {
    const border: Border = i === body.length - 1 ? { bottom: thick } : {};
    put(r, 1, row.label, border, 'left');
    row.cells.forEach((_, j) => put(r, j + 2, cellText(row, j), border, 'center'));
    r++;
  });
  for (const n of model.notes) {
    const c = ws.getCell(r, 1);
    c.value = n;
    c.font = fontFor(n, { size: 9 });
    r++;
  }
  ws.getColumn(1).width = Math.min(60, Math.max(12, ...body.map((b) => b.label.length * (hasCjk(b.label) ? 2 : 1) + 2)));
  for (let j = 2; j <= width; j++) ws.getColumn(j).width = 14;
  return ws;
}

export async function tablesToXlsx(models: TableModel[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Causeway';
  models.forEach((m, i) => addTableSheet(wb, m, models.length > 1 ? `Table ${i + 1}` : 'Table'));
  const buf = await wb.xlsx.writeBuffer();
  return Buffer.from(buf as ArrayBuffer);
}

export function tableToXlsx(model: TableModel): Promise<Buffer> {
  return tablesToXlsx([model]);
}
