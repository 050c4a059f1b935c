import { describe, expect, it } from 'vitest';
import { tableToClipboard } from './clipboard';
import { tableToCsv, tableToTsv } from './csv';
import { sampleTable } from './test-tables';
import { toTextGrid } from './table-model';

describe('csv, tsv and clipboard', () => {
  it('writes a BOM, the title, quoted cells and the notes', () => {
    const model = sampleTable();
    const csv = tableToCsv(model);
    expect(csv.startsWith('\uFEFFTable 1: Baseline\r\n')).toBe(true);
    const grid = toTextGrid(model);
    expect(csv).toContain(`\r\n,lemp,\r\n,(1),(2)\r\n`);
    expect(csv).toContain(`Treat & post <b>_x%,${grid[2][1]},${grid[2][2]}\r\n`);
    expect(csv).toContain('\r\n"* p < 0.1, ** p < 0.05, *** p < 0.01."\r\n');
    expect(tableToCsv(model, { bom: false }).startsWith('Table')).toBe(true);
  });

  it('tab-separates the clipboard text and keeps the html fragment with its rules', () => {
    const model = sampleTable('zh');
    const { html, text } = tableToClipboard(model);
    expect(text.split('\n')[3]).toBe(toTextGrid(model)[2].join('\t'));
    expect(html).toContain('<table');
    expect(html).toContain('border-top:1.5pt solid #000');
    expect(tableToTsv({ ...model, notes: ['a\tb\nc'] }).trimEnd().split('\n').pop()).toBe('a b c');
  });
});
