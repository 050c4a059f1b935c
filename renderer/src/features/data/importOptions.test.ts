import { describe, expect, it } from 'vitest';
import { datasetNameFromFile, toImportOptions } from './importOptions';

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

describe('datasetNameFromFile', () => {
  it('drops the extension but keeps dotted names and Chinese names', () => {
    expect(datasetNameFromFile('mpdta.csv')).toBe('mpdta');
    expect(datasetNameFromFile('城市面板.2020.tsv')).toBe('城市面板.2020');
    expect(datasetNameFromFile('.hidden')).toBe('.hidden');
  });
});
