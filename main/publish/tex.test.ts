import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceCase } from '../testing/fixtures';
import { formatNumber } from './format';
import { escapeTex, tablesToTexDocument, tableToTexFragment } from './tex';
import { sampleTable } from './test-tables';

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

describe('LaTeX export', () => {
  it('escapes every LaTeX special character', () => {
    expect(escapeTex('a & b % c $ d # e _ f { g } h ~ i ^ j \\ k')).toBe(
      'a \\& b \\% c \\$ d \\# e \\_ f \\{ g \\} h \\textasciitilde{} i \\textasciicircum{} j \\textbackslash{} k',
    );
    expect(escapeTex('R² × −')).toBe('R$^2$ $\\times$ $-$');
  });

  it('has booktabs structure: \\toprule, header, \\midrule, body, \\bottomrule in that order', () => {
    const tex = tableToTexFragment(sampleTable());
    const lines = tex.split('\n');
    const top = lines.indexOf('\\toprule');
    const mid = lines.indexOf('\\midrule');
    const bottom = lines.indexOf('\\bottomrule');
    expect(top).toBeGreaterThan(0);
    expect(mid).toBeGreaterThan(top);
    expect(bottom).toBeGreaterThan(mid);
    expect(lines.filter((l) => l === '\\midrule')).toHaveLength(1);
    expect(lines[top + 1]).toBe(' & \\multicolumn{2}{c}{lemp} \\\\');
    expect(lines[top + 2]).toBe('\\cmidrule(lr){2-3}');
    expect(lines[top + 3]).toBe(' & (1) & (2) \\\\');
    expect(tex).toContain('\\begin{tabular}{l*{2}{c}}');
    expect(tex).not.toMatch(/\|/);
  });

  it('writes numbers with a math minus and superscript stars, and escapes labels', () => {
    const tex = tableToTexFragment(sampleTable());
    const c = (referenceCase('mpdta.json', 'twfe').expected.coefficients as Record<string, { estimate: number; se: number }>).treat_post;
    const est = formatNumber(c.estimate, 3);
    expect(est.startsWith('-')).toBe(true);
    expect(tex).toContain(`Treat \\& post \\textless{}b\\textgreater{}\\_x\\% & $-$${est.slice(1)}\\sym{***} & $-$${est.slice(1)}\\sym{***} \\\\`);
    expect(tex).toContain(` & (${formatNumber(c.se, 3)}) & (${formatNumber(c.se, 3)}) \\\\`);
    expect(tex).toContain('R$^2$');
  });

  it('makes an English document for pdflatex and a ctexart document when there is Chinese', () => {
    const en = tablesToTexDocument([sampleTable()]);
    expect(en).toMatch(/\\documentclass\{article\}\n\\usepackage\{booktabs\}\n\\begin\{document\}/);
    expect(en.trimEnd().endsWith('\\end{document}')).toBe(true);
    expect(tablesToTexDocument([sampleTable('zh')])).toContain('\\documentclass{ctexart}');
  });

  // Compiles only where a TeX engine is installed (none is on the project machines today).
  it.skipIf(!which('xelatex'))('compiles with xelatex', () => {
    const dir = mkdtempSync(join(tmpdir(), 'causeway-tex-'));
    writeFileSync(join(dir, 't.tex'), tablesToTexDocument([sampleTable(), sampleTable('zh')]));
    execFileSync('xelatex', ['-interaction=nonstopmode', '-halt-on-error', 't.tex'], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
    expect(existsSync(join(dir, 't.pdf'))).toBe(true);
  });
});
