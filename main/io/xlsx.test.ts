import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../engine/errors';
import type { Frame, NumericColumn, StringColumn } from '../engine/frame';
import { cellValue, numericColumn, stringColumn } from '../engine/frame';
import { listXlsxSheets, readXlsx, writeXlsx } from './xlsx';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-xlsx-'));
const book = join(tmp, 'cities.xlsx');

function values(f: Frame, name: string): (string | number | null)[] {
  const c = f.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return Array.from({ length: f.nrow }, (_, i) => cellValue(c, i));
}

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('说明');
  notes.addRow(['本表为示例']);
  const ws = wb.addWorksheet('城市数据');
  ws.addRow(['2024年城市统计']);
  ws.addRow(['城市', '试点', '收入', null, '设立日期']);
  ws.addRow([null, null, '2018', '2019', null]);
  ws.mergeCells('C2:D2');
  ws.mergeCells('A2:A3');
  ws.addRow(['北京', true, 100.5, 120, new Date(Date.UTC(2013, 5, 18))]);
  ws.addRow(['上海', false, 'NA', 130, new Date(Date.UTC(2014, 0, 1))]);
  ws.addRow([]);
  ws.addRow(['武汉', 1, { formula: 'C4*2', result: 201 }, '140', null]);
  ws.getColumn(5).numFmt = 'yyyy-mm-dd';
  await wb.xlsx.writeFile(book);
});

describe('readXlsx', () => {
  it('lists sheets in tab order', async () => {
    expect(await listXlsxSheets(book)).toEqual(['说明', '城市数据']);
  });

  it('reads a chosen sheet with a two-row merged Chinese header, dates, booleans and formulas', async () => {
    const { frame, info } = await readXlsx(book, { sheet: '城市数据', headerRow: 2, headerRows: 2 });
    expect(info).toMatchObject({ sheet: '城市数据', rows: 3, columns: 5 });
    expect(frame.columns.map((c) => c.name)).toEqual(['城市', '试点', '收入_2018', '收入_2019', '设立日期']);
    expect(values(frame, '城市')).toEqual(['北京', '上海', '武汉']);
    expect(values(frame, '试点')).toEqual([1, 0, 1]);
    expect(values(frame, '收入_2018')).toEqual([100.5, null, 201]);
    expect(values(frame, '收入_2019')).toEqual([120, 130, 140]);
    const d = frame.columns[4] as NumericColumn;
    expect(d.format).toBe('date');
    expect(values(frame, '设立日期')).toEqual([Date.UTC(2013, 5, 18) / 86_400_000, Date.UTC(2014, 0, 1) / 86_400_000, null]);
  });

  it('selects sheets by position and names blank headers', async () => {
    const { frame } = await readXlsx(book, { sheet: 2, headerRow: 3 });
    expect(frame.columns.map((c) => c.name)).toEqual(['V1', 'V2', '2018', '2019', 'V5']);
    const none = await readXlsx(book, { sheet: 1, headerRows: 0 });
    expect(none.frame.columns[0].name).toBe('V1');
    expect((none.frame.columns[0] as StringColumn).levels).toEqual(['本表为示例']);
  });

  it('says which sheets exist when the one asked for does not', async () => {
    const e = await readXlsx(book, { sheet: 'Sheet9' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toBe('"cities.xlsx" has no sheet "Sheet9". Its sheets: 说明, 城市数据.');
  });

  it('reports a file that is not an xlsx archive', async () => {
    const bad = join(tmp, 'bad.xlsx');
    writeFileSync(bad, 'PK not really');
    const e = await readXlsx(bad).catch((x: unknown) => x);
    expect((e as UserError).code).toBe('damaged_file');
  });
});

describe('writeXlsx', () => {
  it('round-trips data, dates and Chinese text, and lists labels on a second sheet', async () => {
    const f: Frame = {
      nrow: 3,
      columns: [
        stringColumn('城市', ['北京', null, '武汉']),
        numericColumn('urban', [1, 2, Number.NaN], { label: '城乡', valueLabels: { '1': '城镇', '2': '农村' } }),
        numericColumn('d', [0, 19000, Number.NaN], { format: 'date' }),
      ],
    };
    const out = join(tmp, 'out.xlsx');
    await writeXlsx(f, out);
    expect(await listXlsxSheets(out)).toEqual(['data', 'variables']);
    const back = (await readXlsx(out)).frame;
    expect(values(back, '城市')).toEqual(['北京', null, '武汉']);
    expect(values(back, 'urban')).toEqual([1, 2, null]);
    expect(values(back, 'd')).toEqual([0, 19000, null]);
    const vars = (await readXlsx(out, { sheet: 'variables' })).frame;
    expect(values(vars, 'value labels')[1]).toBe('1 = 城镇; 2 = 农村');
    await writeXlsx(f, out, { useValueLabels: true });
    expect(values((await readXlsx(out)).frame, 'urban')).toEqual(['城镇', '农村', null]);
  });
});
