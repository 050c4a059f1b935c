import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { referenceCase } from '../testing/fixtures';
import { formatNumber } from './format';
import { sampleTable } from './test-tables';
import { tableToXlsx, tablesToXlsx } from './xlsx';

async function readBack(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe('xlsx export', () => {
  it('reads back with the title, the merged header, numbers with stars and notes', async () => {
    const model = sampleTable('zh', '表 1 基准回归');
    const wb = await readBack(await tableToXlsx(model));
    const ws = wb.getWorksheet('Table');
    if (!ws) throw new Error('no sheet');
    const c = (referenceCase('mpdta.json', 'twfe').expected.coefficients as Record<string, { estimate: number; se: number }>).treat_post;
    expect(ws.getCell(1, 1).value).toBe('表 1 基准回归');
    expect(ws.getCell(2, 2).value).toBe('lemp');
    expect(ws.getCell(2, 2).isMerged && ws.getCell(2, 3).isMerged).toBe(true);
    expect(ws.getCell(3, 2).value).toBe('(1)');
    expect(ws.getCell(4, 1).value).toBe('政策虚拟变量');
    expect(ws.getCell(4, 2).value).toBe(`${formatNumber(c.estimate, 3)}***`);
    expect(ws.getCell(5, 3).value).toBe(`(${formatNumber(c.se, 3)})`);
    const last = 3 + model.sections.flat().length;
    expect(ws.getCell(last + 1, 1).value).toBe(model.notes[0]);
    // Three-line borders: thick top on the first header row, thin under the header, thick bottom.
    expect(ws.getCell(2, 1).border.top?.style).toBe('medium');
    expect(ws.getCell(3, 3).border.bottom?.style).toBe('thin');
    expect(ws.getCell(last, 2).border.bottom?.style).toBe('medium');
    expect(ws.getCell(5, 2).border.left).toBeUndefined();
    expect(ws.getCell(4, 1).font.name).toBe('SimSun');
    expect(ws.getCell(4, 2).font.name).toBe('Times New Roman');
  });

  it('writes one sheet per table', async () => {
    const wb = await readBack(await tablesToXlsx([sampleTable(), sampleTable('zh')]));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Table 1', 'Table 2']);
  });
});
