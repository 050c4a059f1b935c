import { describe, expect, it } from 'vitest';
import { figureSpec } from '../../shared/specs/figure';
import { referenceCase } from '../testing/fixtures';
import { figureOption, renderSvg } from './figures/render';
import { buildReport, sha256, specSeed } from './report';
import { sampleTable } from './test-tables';

const spec = { model: 'feols', data: 'mpdta.csv', formula: 'lemp ~ treat_post | countyreal + year', vcov: { cluster: ['countyreal'] } };
const source = { name: 'TWFE <main>', spec, data_fingerprint: sha256('year,lemp\n2003,1\n'), engine_version: '0.1.0' };

function report(): string {
  const fig = figureSpec.parse({ kind: 'event_study', source: 'es', title: 'Event study' });
  const svg = renderSvg(figureOption(fig, referenceCase('mpdta.json', 'event_study_i').expected), fig.width, fig.height);
  return buildReport(
    [
      { kind: 'table', title: 'Baseline <script>alert(1)</script>', table: sampleTable(), sources: [source] },
      { kind: 'figure', title: 'Event study', svg, sources: [{ ...source, spec: { model: 'placebo', data: 'mpdta.csv', seed: 42 } }] },
    ],
    { title: 'Project report', language: 'en', engine_version: '0.1.0', created_at: '2026-01-01T00:00:00Z' },
  );
}

describe('project report', () => {
  it('is one HTML file that runs no script and loads nothing', () => {
    const html = report();
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(?!data:|#)/);
    expect(html).toContain('Baseline &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('holds every table and figure with their spec, fingerprint, seed, engine version and code', () => {
    const html = report();
    expect(html).toContain('<h2>Table 1: Baseline');
    expect(html).toContain('<h2>Figure 1: Event study</h2>');
    expect(html).toContain('<img alt="Event study" src="data:image/svg+xml;base64,');
    expect(html).toContain(source.data_fingerprint);
    expect(html).toContain('&quot;formula&quot;: &quot;lemp ~ treat_post | countyreal + year&quot;');
    expect(html).toContain('feols(lemp ~ treat_post | countyreal + year, data = mpdta, cluster = ~countyreal)');
    expect(html).toContain('reghdfe lemp treat_post, absorb(countyreal year) vce(cluster countyreal)');
    expect(html).toContain('<dt>Seed</dt><dd>none (no random draws)</dd>');
    expect(html).toContain('<dt>Seed</dt><dd>42</dd>');
    expect(html).toContain('# No R code is generated for placebo');
    expect(html).toContain('<summary>TWFE &lt;main&gt;</summary>');
  });

  it('reads the seed of a spec', () => {
    expect(specSeed({ seed: 7 })).toBe(7);
    expect(specSeed({})).toBeNull();
    expect(specSeed(null)).toBeNull();
  });
});
