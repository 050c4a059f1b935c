import { describe, expect, it } from 'vitest';
import { escapeHtml, tablesToHtmlDocument, tableToHtmlFragment } from './html';
import { sampleTable } from './test-tables';

describe('html export', () => {
  it('escapes labels so data text never becomes markup', () => {
    expect(escapeHtml(`<img src=x onerror="alert(1)">&'`)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;');
    const html = tableToHtmlFragment(sampleTable());
    expect(html).toContain('Treat &amp; post &lt;b&gt;_x%');
    expect(html).not.toContain('<b>');
  });

  it('draws the three rules and superscripts the stars', () => {
    const model = sampleTable();
    const html = tableToHtmlFragment(model);
    const rows = html.split('<tr>').slice(1);
    expect(rows[0]).toContain('border-top:1.5pt solid #000');
    expect(rows[model.header.length - 1]).toContain('border-bottom:0.75pt solid #000');
    const lastBody = rows[rows.length - 2];
    expect(lastBody).toContain('border-bottom:1.5pt solid #000');
    expect(html).toContain('<sup>***</sup>');
    expect(html).toContain('colspan="2"');
  });

  it('wraps tables in a UTF-8 document in the table language', () => {
    const doc = tablesToHtmlDocument([sampleTable('zh')]);
    expect(doc).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">/);
  });
});
