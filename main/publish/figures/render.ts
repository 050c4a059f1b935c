/**
 * Server-side figure rendering: ECharts draws the option to an SVG string (SSR mode, no DOM),
 * resvg turns the SVG into a PNG at the requested dpi with explicitly loaded fonts, and the
 * PNG gets a pHYs chunk so Word and LaTeX size it as `width / 96` inches.
 */
import { crc32 } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { FigureFormat, FigureSpec } from '../../../shared/specs/figure';
import { UserError } from '../../engine/errors';
import { hasCjk } from '../format';
import {
  baconData,
  coefficientRows,
  compareData,
  densityTestData,
  eventStudyPoints,
  heterogeneityFigurePoints,
  marginalEffectsFigureData,
  placeboData,
  placeboPValuesData,
  rdplotData,
  rdSensitivityFigure,
  scoreDensityData,
} from './data';
import type { FigureFonts } from './fonts';
import { findFigureFonts } from './fonts';
import type { ChartOption } from '../../../shared/charts/options';
import { marginalEffectsOption } from '../../../shared/charts/mechanisms';
import { baconOption, coefficientOption, densityTestOption, eventStudyCompareOption, eventStudyOption, placeboOption, placeboPValueOption, rdplotOption, scoreDensityOption } from '../../../shared/charts/options';

echarts.use([SVGRenderer, LineChart, ScatterChart, BarChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent]);

/** CSS pixels per inch: the unit of the figure's width and height. */
const CSS_DPI = 96;

/** The ECharts option of a figure spec drawn from a stored result. */
export function figureOption(spec: FigureSpec, result: unknown): ChartOption {
  const src = spec.source;
  switch (spec.kind) {
    case 'event_study': {
      const compare = compareData(result);
      return compare ? eventStudyCompareOption(spec, compare) : eventStudyOption(spec, eventStudyPoints(result, spec.reference_period, src));
    }
    case 'coefficients':
      return coefficientOption(spec, coefficientRows(result, spec.terms, src));
    case 'placebo':
      return placeboOption(spec, placeboData(result, src));
    case 'rd_plot':
      return rdplotOption(spec, rdplotData(result, src));
    case 'density_test':
      return densityTestOption(spec, densityTestData(result, src));
    case 'psm_density':
      return scoreDensityOption(spec, scoreDensityData(result, src, spec.panel));
    case 'bacon':
      return baconOption(spec, baconData(result, src));
    case 'placebo_pvalues':
      return placeboPValueOption(spec, placeboPValuesData(result, src));
    case 'rd_sensitivity': {
      const figure = rdSensitivityFigure(result, spec);
      return coefficientOption(figure.spec, figure.points);
    }
    case 'marginal_effects':
      return marginalEffectsOption(spec, marginalEffectsFigureData(result, src));
    case 'heterogeneity':
      return coefficientOption(spec, heterogeneityFigurePoints(result, src, spec.panel));
  }
}

export function renderSvg(option: ChartOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The text content of an SVG (for the font check). */
function svgText(svg: string): string {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
}

export interface PngOptions {
  dpi: number;
  /** Width of the SVG in CSS pixels; the PNG is width · dpi / 96 pixels wide. */
  width: number;
  /** Font files to draw with; found on the system when absent. */
  fonts?: FigureFonts;
}

/** Rasterises an SVG with only the given fonts; refuses Chinese text without a CJK font instead of drawing tofu. */
export function svgToPng(svg: string, opts: PngOptions): Buffer {
  const fonts = opts.fonts ?? findFigureFonts();
  if (hasCjk(svgText(svg)) && !fonts.cjk) {
    throw new UserError(
      'figure_no_cjk_font',
      'The figure has Chinese text but no Chinese font was found, so the PNG would show empty boxes. Install a CJK font (Debian: apt-get install fonts-noto-cjk) or set CAUSEWAY_FONT_DIR to a folder holding NotoSerifCJK-Regular.ttc; the SVG export needs no font.',
      {},
    );
  }
  const fontFiles = [fonts.latin, fonts.cjk].filter((f): f is NonNullable<typeof f> => !!f);
  if (fontFiles.length === 0) {
    throw new UserError('figure_no_font', 'No font file was found to draw the figure text. Install fonts-liberation (or set CAUSEWAY_FONT_DIR); the SVG export needs no font.', {});
  }
  // The first loaded family draws text whose named families are all missing, and stands for "serif".
  const family = fontFiles[0].family;
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: opts.dpi / CSS_DPI },
    font: { loadSystemFonts: false, fontFiles: fontFiles.map((f) => f.file), defaultFontFamily: family, serifFamily: family },
    background: '#ffffff',
  });
  return setPngDpi(resvg.render().asPng(), opts.dpi);
}

/**
 * Inserts (or replaces) the PNG pHYs chunk: pixels per metre on both axes, unit = metre
 * (PNG specification §11.3.5.3), right after IHDR.
 */
export function setPngDpi(png: Buffer, dpi: number): Buffer {
  const SIGNATURE = 8;
  const ihdrEnd = SIGNATURE + 8 + png.readUInt32BE(SIGNATURE) + 4;
  const ppm = Math.round(dpi / 0.0254);
  const data = Buffer.alloc(9);
  data.writeUInt32BE(ppm, 0);
  data.writeUInt32BE(ppm, 4);
  data.writeUInt8(1, 8);
  const typeAndData = Buffer.concat([Buffer.from('pHYs', 'latin1'), data]);
  const chunk = Buffer.alloc(4 + typeAndData.length + 4);
  chunk.writeUInt32BE(data.length, 0);
  typeAndData.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typeAndData) >>> 0, 4 + typeAndData.length);
  // Drop an existing pHYs so the file has exactly one.
  const rest: Buffer[] = [];
  let off = ihdrEnd;
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const end = off + 12 + len;
    if (type !== 'pHYs') rest.push(png.subarray(off, end));
    off = end;
  }
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, ...rest]);
}

/** Reads the dpi a PNG's pHYs chunk declares (null without one). */
export function pngDpi(png: Buffer): number | null {
  let off = 8;
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    if (png.toString('latin1', off + 4, off + 8) === 'pHYs') return Math.round(png.readUInt32BE(off + 8) * 0.0254);
    off += 12 + len;
  }
  return null;
}

/** A figure spec + its result → SVG text or PNG bytes. */
export function renderFigureBuffer(spec: FigureSpec, result: unknown, format: FigureFormat, fonts?: FigureFonts): Buffer {
  const svg = renderSvg(figureOption(spec, result), spec.width, spec.height);
  if (format === 'svg') return Buffer.from(svg, 'utf8');
  return svgToPng(svg, { dpi: spec.dpi, width: spec.width, fonts });
}
