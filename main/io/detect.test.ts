import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, readDataFile } from './detect';
import { testdata } from './testdata/oracle';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-detect-'));

describe('detectFormat / readDataFile', () => {
  it('recognises each format by its signature, whatever the extension', async () => {
    expect(await detectFormat(testdata('survey118.dta'))).toBe('dta');
    expect(await detectFormat(testdata('survey114_gbk.dta'))).toBe('dta');
    expect(await detectFormat(testdata('survey.sav'))).toBe('sav');
    expect(await detectFormat(testdata('survey.zsav'))).toBe('sav');
    expect(await detectFormat(testdata('survey.csv'))).toBe('csv');
    const r = await readDataFile(testdata('survey_gbk.sav'));
    expect(r.format).toBe('sav');
    expect(r.frame.nrow).toBe(5);
    expect(r.info.encoding).toBe('gbk');
  });

  it('explains .xls, misnamed and unknown files', async () => {
    const xls = join(tmp, 'old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]));
    await expect(detectFormat(xls)).rejects.toThrow(/save it as \.xlsx/);
    const fake = join(tmp, 'fake.dta');
    writeFileSync(fake, 'id,x\n1,2\n');
    await expect(detectFormat(fake)).rejects.toThrow(/"fake\.dta" has the extension \.dta but does not start like one/);
    const pdf = join(tmp, 'a.pdf');
    writeFileSync(pdf, '%PDF');
    await expect(detectFormat(pdf)).rejects.toThrow(/Causeway reads/);
    await expect(detectFormat(join(tmp, 'none.csv'))).rejects.toThrow(/does not exist/);
  });
});
