/**
 * LaTeX of a table in booktabs style (\toprule, \midrule under the header, \bottomrule;
 * \cmidrule under spanning header cells), as esttab and modelsummary write it. The standalone
 * document compiles as is: with pdflatex for English tables, with xelatex (ctexart) when the
 * table holds Chinese text.
 */
import { hasCjk } from './format';
import type { TableModel, TableRow } from './table-model';

/** Escapes LaTeX specials and maps the non-ASCII math symbols tables use to math mode. */
export function escapeTex(s: string): string {
  let out = '';
  for (const ch of s) {
    switch (ch) {
      case '\\':
        out += '\\textbackslash{}';
        break;
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
      case '{':
      case '}':
        out += `\\${ch}`;
        break;
      case '~':
        out += '\\textasciitilde{}';
        break;
      case '^':
        out += '\\textasciicircum{}';
        break;
      case '<':
        out += '\\textless{}';
        break;
      case '>':
        out += '\\textgreater{}';
        break;
      case '²':
        out += '$^2$';
        break;
      case '×':
        out += '$\\times$';
        break;
      case '−':
        out += '$-$';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

function bodyCell(row: TableRow, j: number): string {
  const mark = row.marks?.[j] ? `\\sym{${escapeTex(row.marks[j])}}` : '';
  // A minus before a number is typeset as a math minus, not a hyphen, also inside "(-0.1)".
  return escapeTex(row.cells[j].replace(/(^|[([,\s])-(?=[\d.])/g, '$1\u2212')) + mark;
}

/** The tabular (with \sym defined when needed) and notes, for \input into a paper. */
export function tableToTexFragment(model: TableModel): string {
  const lines: string[] = [];
  lines.push('\\begin{table}[htbp]');
  lines.push('\\centering');
  lines.push('\\providecommand{\\sym}[1]{\\ensuremath{^{#1}}}');
  if (model.title) lines.push(`\\caption{${escapeTex(model.title)}}`);
  lines.push(`\\begin{tabular}{l*{${model.ncol}}{c}}`);
  lines.push('\\toprule');
  model.header.forEach((h, i) => {
    const cells = [escapeTex(h.stub)];
    const rules: string[] = [];
    let col = 2;
    for (const c of h.cells) {
      cells.push(c.span > 1 ? `\\multicolumn{${c.span}}{c}{${escapeTex(c.text)}}` : escapeTex(c.text));
      // A spanning cell in an upper header row gets a short rule under it (booktabs \cmidrule).
      if (c.span > 1 && i < model.header.length - 1 && c.text !== '') rules.push(`\\cmidrule(lr){${col}-${col + c.span - 1}}`);
      col += c.span;
    }
    lines.push(`${cells.join(' & ')} \\\\`);
    if (rules.length > 0) lines.push(rules.join(' '));
  });
  lines.push('\\midrule');
  model.sections.forEach((section, si) => {
    if (si > 0 && model.style === 'grid') lines.push('\\midrule');
    for (const r of section) lines.push(`${[escapeTex(r.label), ...r.cells.map((_, j) => bodyCell(r, j))].join(' & ')} \\\\`);
  });
  lines.push('\\bottomrule');
  lines.push('\\end{tabular}');
  if (model.notes.length > 0) {
    lines.push(`\\par\\smallskip\\parbox{\\linewidth}{\\footnotesize ${model.notes.map(escapeTex).join(' \\\\\n')}}`);
  }
  lines.push('\\end{table}');
  return lines.join('\n');
}

function modelText(model: TableModel): string {
  return [model.title ?? '', ...model.notes, ...model.header.flatMap((h) => [h.stub, ...h.cells.map((c) => c.text)]), ...model.sections.flat().map((r) => r.label)].join(' ');
}

/** A complete document: article + booktabs, or ctexart (xelatex) when a table has Chinese. */
export function tablesToTexDocument(models: TableModel[]): string {
  const zh = models.some((m) => hasCjk(modelText(m)));
  return [
    zh ? '% Compile with xelatex (Chinese text).' : '% Compile with pdflatex or xelatex.',
    zh ? '\\documentclass{ctexart}' : '\\documentclass{article}',
    '\\usepackage{booktabs}',
    '\\begin{document}',
    models.map(tableToTexFragment).join('\n\n'),
    '\\end{document}',
    '',
  ].join('\n');
}
