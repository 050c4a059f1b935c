import { describe, expect, it } from 'vitest';
import { datasetNameFromFile, excelChoiceErrors, fileKind, toImportOptions } from './importOptions';

describe('toImportOptions', () => {
  it('sends nothing when everything is automatic', () => {
    expect(toImportOptions({ encoding: 'auto', delimiter: 'auto', missingText: '' })).toEqual({});
  });

  it('passes a chosen encoding and delimiter through', () => {
    expect(toImportOptions({ encoding: 'gbk', delimiter: '\t', missingText: ' ' })).toEqual({
      encoding: 'gbk',
      delimiter: '\t',
    });
  });

  it('splits codes into numeric codes and extra text markers, keeping the defaults', () => {
    expect(toImportOptions({ encoding: 'auto', delimiter: 'auto', missingText: '-99, -999.0，n/a; NA, -99, 缺失' })).toEqual({
      missingCodes: [-99, -999],
      missing: ['', 'NA', '.', 'n/a', '缺失'],
    });
  });
});

describe('file kinds', () => {
  it('tells text, Excel, Stata and SPSS files apart by extension', () => {
    expect(['a.csv', 'b.TSV', 'c', 'd.xlsx', 'e.XLSM', 'f.dta', 'g.sav', 'h.zsav'].map(fileKind)).toEqual(['text', 'text', 'text', 'excel', 'excel', 'stata', 'spss', 'spss']);
  });

  it('sends the sheet and header rows for Excel, and nothing a text file would use', () => {
    const base = { encoding: 'gbk' as const, delimiter: ';' as const, missingText: '-99', kind: 'excel' as const };
    expect(toImportOptions({ ...base, sheet: '城市', headerRow: '2', headerRows: '2' })).toEqual({ sheet: '城市', headerRow: 2, headerRows: 2 });
    expect(toImportOptions({ ...base, sheet: '', headerRow: ' ', headerRows: '1' })).toEqual({});
  });

  it('sends only the encoding for Stata and SPSS files', () => {
    expect(toImportOptions({ encoding: 'big5', delimiter: ';', missingText: '-99', kind: 'stata' })).toEqual({ encoding: 'big5' });
    expect(toImportOptions({ encoding: 'auto', delimiter: ';', missingText: '-99', kind: 'spss' })).toEqual({});
  });

  it('refuses header rows that are not whole numbers in range', () => {
    expect(excelChoiceErrors({ headerRow: '2', headerRows: '0' })).toEqual({ headerRow: false, headerRows: false });
    expect(excelChoiceErrors({ headerRow: '0', headerRows: '1.5' })).toEqual({ headerRow: true, headerRows: true });
    expect(excelChoiceErrors({ headerRow: 'x', headerRows: '11' })).toEqual({ headerRow: true, headerRows: true });
  });
});

describe('datasetNameFromFile', () => {
  it('drops the extension but keeps dotted names and Chinese names', () => {
    expect(datasetNameFromFile('mpdta.csv')).toBe('mpdta');
    expect(datasetNameFromFile('城市面板.2020.tsv')).toBe('城市面板.2020');
    expect(datasetNameFromFile('.hidden')).toBe('.hidden');
  });
});
