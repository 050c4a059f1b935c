/**
 * The project report: one self-contained HTML file with every table and figure and, for each,
 * the analyses behind it: spec, data fingerprint, seed, engine version, and the equivalent R
 * and Stata code. No scripts and no external resources (a Content-Security-Policy forbids
 * both); figures are SVG images in data: URIs, so label text can never run as code.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UserError } from '../engine/errors';
import { generateR } from './codegen/r';
import { generateStata } from './codegen/stata';
import { escapeHtml, tableToHtmlFragment } from './html';
import type { TableModel } from './table-model';

export interface ReportSource {
  /** The analysis name shown in the report. */
  name: string;
  spec: unknown;
  /** SHA-256 of the data the analysis ran on (null when unknown). */
  data_fingerprint: string | null;
  engine_version: string;
}

export type ReportItem =
  | { kind: 'table'; title: string; table: TableModel; sources: ReportSource[] }
  | { kind: 'figure'; title: string; svg: string; sources: ReportSource[] };

export interface ReportMeta {
  title: string;
  language: 'zh' | 'en';
  engine_version: string;
  /** ISO timestamp printed in the header (passed in so the report is reproducible). */
  created_at: string;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 of a data file's bytes: the fingerprint a CLI run records. */
export async function fingerprintFile(path: string): Promise<string> {
  return sha256(await readFile(path));
}

/** The seed of a spec (`seed` field), or null when the analysis draws no random numbers. */
export function specSeed(spec: unknown): number | null {
  const s = spec && typeof spec === 'object' ? (spec as { seed?: unknown }).seed : undefined;
  return typeof s === 'number' ? s : null;
}

const WORDS = {
  en: { contents: 'Contents', analyses: 'Analyses', spec: 'Spec', fingerprint: 'Data fingerprint (SHA-256)', seed: 'Seed', none: 'none (no random draws)', unknown: 'unknown', engine: 'Engine version', r: 'R code', stata: 'Stata code', generated: 'Generated', table: 'Table', figure: 'Figure' },
  zh: { contents: '目录', analyses: '分析', spec: '设定', fingerprint: '数据指纹（SHA-256）', seed: '随机种子', none: '无（不含随机抽样）', unknown: '未知', engine: '引擎版本', r: 'R 代码', stata: 'Stata 代码', generated: '生成时间', table: '表', figure: '图' },
};

function code(language: 'r' | 'stata', spec: unknown): string {
  try {
    return (language === 'r' ? generateR(spec) : generateStata(spec)).script;
  } catch (e) {
    if (e instanceof UserError) return `# ${e.message}`;
    throw e;
  }
}

function sourceBlock(s: ReportSource, w: (typeof WORDS)['en']): string {
  const seed = specSeed(s.spec);
  return [
    '<details class="source">',
    `<summary>${escapeHtml(s.name)}</summary>`,
    '<dl>',
    `<dt>${w.fingerprint}</dt><dd><code>${escapeHtml(s.data_fingerprint ?? w.unknown)}</code></dd>`,
    `<dt>${w.seed}</dt><dd>${seed === null ? w.none : seed}</dd>`,
    `<dt>${w.engine}</dt><dd>${escapeHtml(s.engine_version)}</dd>`,
    '</dl>',
    `<h4>${w.spec}</h4><pre>${escapeHtml(JSON.stringify(s.spec, null, 2))}</pre>`,
    `<h4>${w.r}</h4><pre>${escapeHtml(code('r', s.spec))}</pre>`,
    `<h4>${w.stata}</h4><pre>${escapeHtml(code('stata', s.spec))}</pre>`,
    '</details>',
  ].join('\n');
}

const STYLE = `body{font-family:'Times New Roman',SimSun,'Noto Serif CJK SC',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ccc}h4{margin:.8rem 0 .2rem}
pre{background:#f6f6f6;padding:.6rem;overflow-x:auto;font-size:.8rem;white-space:pre-wrap}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
details.source{margin:.6rem 0;border-left:3px solid #ddd;padding-left:.8rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dd{margin:0}`;

/** The report as one HTML document. */
export function buildReport(items: ReportItem[], meta: ReportMeta): string {
  const w = WORDS[meta.language];
  const toc = items.map((it, i) => `<li><a href="#item-${i + 1}">${escapeHtml(it.title)}</a></li>`).join('\n');
  const sections = items.map((it, i) => {
    const label = `${it.kind === 'table' ? w.table : w.figure} ${items.slice(0, i + 1).filter((x) => x.kind === it.kind).length}`;
    const body =
      it.kind === 'table'
        ? tableToHtmlFragment(it.table)
        : `<figure><img alt="${escapeHtml(it.title)}" src="data:image/svg+xml;base64,${Buffer.from(it.svg, 'utf8').toString('base64')}"></figure>`;
    return [`<section id="item-${i + 1}">`, `<h2>${escapeHtml(label)}: ${escapeHtml(it.title)}</h2>`, body, `<h3>${w.analyses}</h3>`, ...it.sources.map((s) => sourceBlock(s, w)), '</section>'].join('\n');
  });
  return [
    '<!DOCTYPE html>',
    `<html lang="${meta.language === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(meta.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(meta.title)}</h1>`,
    `<p>${w.generated}: ${escapeHtml(meta.created_at)} · ${w.engine}: ${escapeHtml(meta.engine_version)}</p>`,
    `<nav><h2>${w.contents}</h2><ol>${toc}</ol></nav>`,
    ...sections,
    '</body></html>',
    '',
  ].join('\n');
}
