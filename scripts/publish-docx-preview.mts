/**
 * Renders sample publication tables through Word's format and back to pictures, to look at
 * what a reader sees: builds a Chinese and an English regression table (from the reference
 * fixtures' results), a descriptives table and a balance table, writes them to one .docx, converts it with
 * LibreOffice (headless) to PDF and with pdftoppm to PNG pages.
 *
 *   npx tsx scripts/publish-docx-preview.mts [OUT_DIR]     (default: scratch/publish-preview)
 *
 * Needs libreoffice and pdftoppm (poppler-utils); not part of the unit tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { balanceTableSpec, descriptivesTableSpec, regressionTableSpec } from '../shared/specs/table';
import { buildBalanceTable } from '../main/publish/balance';
import { buildDescriptivesTable, describeFrame } from '../main/publish/descriptives';
import { tablesToDocx } from '../main/publish/docx';
import { buildRegressionTable } from '../main/publish/table-model';
import { loadData, referenceCase } from '../main/testing/fixtures';

const out = resolve(process.argv[2] ?? 'scratch/publish-preview');
mkdirSync(out, { recursive: true });

const columns = [
  { result: referenceCase('mpdta.json', 'twfe').expected, spec: { formula: 'lemp ~ treat_post | countyreal + year' } },
  { result: referenceCase('mpdta.json', 'twfe_lpop_collinear').expected, spec: { formula: 'lemp ~ treat_post + lpop | countyreal + year' } },
  { result: referenceCase('mpdta_extra.json', 'didimp_static').expected, spec: { yname: 'lemp' } },
];
const regression = (language: 'zh' | 'en', title: string) =>
  buildRegressionTable(
    regressionTableSpec.parse({
      kind: 'regression',
      title,
      language,
      columns: [{ source: 'twfe' }, { source: 'twfe_lpop' }, { source: 'didimp', title: 'BJS' }],
      rename: { treat: 'treat_post' },
      labels: language === 'zh' ? { treat_post: '政策冲击（DID）', lemp: '对数就业', countyreal: '县', year: '年份' } : { treat_post: 'Treated × Post', lemp: 'Log employment' },
    }),
    columns,
  );
const frame = await loadData('mpdta.csv');
const models = [
  regression('zh', '表 1  最低工资政策对就业的影响'),
  regression('en', 'Table 2: Minimum wage and employment'),
  buildDescriptivesTable(
    descriptivesTableSpec.parse({ kind: 'descriptives', source: 'describe', title: '表 3  描述性统计', language: 'zh', group_labels: { '0': '对照组', '1': '处理组' }, stats: ['n', 'mean', 'sd'], difference: true }),
    describeFrame(frame, ['lemp', 'lpop'], 'treat'),
  ),
  buildBalanceTable(balanceTableSpec.parse({ kind: 'balance', source: 'psm', title: 'Table 4: Covariate balance' }), referenceCase('lalonde.json', 'nearest_documented_rule_balance').expected),
];
const docx = join(out, 'tables.docx');
writeFileSync(docx, await tablesToDocx(models));
// A private LibreOffice profile, so a running office instance or a stale lock does not block the conversion.
const profile = mkdtempSync(join(tmpdir(), 'causeway-lo-'));
execFileSync('libreoffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--convert-to', 'pdf', '--outdir', out, docx], { stdio: 'inherit', timeout: 180_000 });
execFileSync('pdftoppm', ['-r', '110', '-png', join(out, 'tables.pdf'), join(out, 'page')], { stdio: 'inherit' });
for (const f of readdirSync(out).filter((f) => f.endsWith('.png')).sort()) console.log(join(out, f));
