import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { figureSpec } from '../../../shared/specs/figure';
import type { FigureSpecInput } from '../../../shared/specs/figure';
import { referenceCase } from '../../testing/fixtures';
import { findFigureFonts } from './fonts';
import { pngDpi, renderFigureBuffer, renderSvg, setPngDpi, svgToPng } from './render';

interface Image {
  width: number;
  height: number;
  /** RGBA, row-major. */
  pixels: Uint8Array;
}

/** Minimal PNG decoder for 8-bit RGBA / RGB, non-interlaced (what resvg writes): inflate IDAT, undo the row filters. */
function decodePng(png: Buffer): Image {
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      channels = data[9] === 6 ? 4 : 3;
      if (data[8] !== 8 || data[12] !== 0) throw new Error('unsupported PNG');
    }
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  const prev = new Uint8Array(stride);
  const cur = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? cur[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let pred = 0;
      if (f === 1) pred = a;
      else if (f === 2) pred = b;
      else if (f === 3) pred = (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[x] = (v + pred) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 3; k++) out[(y * width + x) * 4 + k] = cur[x * channels + k];
      out[(y * width + x) * 4 + 3] = channels === 4 ? cur[x * channels + 3] : 255;
    }
    prev.set(cur);
  }
  return { width, height, pixels: out };
}

/** Dark pixels (ink on the white background) inside a rectangle. */
function ink(img: Image, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = Math.max(0, y0); y < Math.min(img.height, y1); y++)
    for (let x = Math.max(0, x0); x < Math.min(img.width, x1); x++) {
      const i = (y * img.width + x) * 4;
      if (img.pixels[i] + img.pixels[i + 1] + img.pixels[i + 2] < 3 * 128) n++;
    }
  return n;
}

function region(img: Image, x0: number, y0: number, x1: number, y1: number): string {
  const rows: string[] = [];
  for (let y = y0; y < y1; y++) {
    let r = '';
    for (let x = x0; x < x1; x++) r += img.pixels[(y * img.width + x) * 4] < 128 ? '#' : '.';
    rows.push(r);
  }
  return rows.join('\n');
}

const fonts = findFigureFonts();
const spec = (input: Partial<FigureSpecInput>) => figureSpec.parse({ kind: 'event_study', source: 'es', ...input });

describe('figure rendering', () => {
  it('finds a Latin and a CJK font file to load explicitly', () => {
    expect(fonts.latin, 'no Latin serif font (fonts-liberation)').not.toBeNull();
    expect(fonts.cjk, 'no CJK font: apt-get install fonts-noto-cjk').not.toBeNull();
  });

  it('draws Chinese glyphs with the CJK font: distinct inked glyphs, not tofu boxes', () => {
    const text = '政策效应';
    const size = 40;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size * 5}" height="${size * 2}"><rect width="100%" height="100%" fill="#fff"/><text x="${size / 2}" y="${size * 1.3}" font-size="${size}" style="font-family:'Noto Serif CJK SC'">${text}</text></svg>`;
    const img = decodePng(svgToPng(svg, { dpi: 96, width: size * 5 }));
    const cells = [...text].map((_, k) => region(img, size / 2 + k * size, size * 0.3, size / 2 + (k + 1) * size, size * 1.5));
    for (const c of cells) expect(c.split('#').length - 1).toBeGreaterThan(40);
    // Tofu (.notdef) boxes would be the same picture four times.
    expect(new Set(cells).size).toBe(4);
    // The same text with only a font lacking CJK glyphs renders differently.
    const latinOnly = decodePng(new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [fonts.latin?.file as string], defaultFontFamily: fonts.latin?.family } }).render().asPng());
    const cellsLatin = [...text].map((_, k) => region(latinOnly, size / 2 + k * size, size * 0.3, size / 2 + (k + 1) * size, size * 1.5));
    expect(cellsLatin).not.toEqual(cells);
  });

  it('exports an event study with a Chinese title whose title area has ink that a non-CJK font does not produce', () => {
    const s = spec({ title: '事件研究：政策效应', language: 'zh', dpi: 96 });
    const png = renderFigureBuffer(s, referenceCase('mpdta.json', 'event_study_i').expected, 'png');
    const img = decodePng(png);
    const svg = renderFigureBuffer(s, referenceCase('mpdta.json', 'event_study_i').expected, 'svg').toString();
    const latinOnly = decodePng(new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [fonts.latin?.file as string], defaultFontFamily: fonts.latin?.family } }).render().asPng());
    const title = [260, 4, 460, 34] as const;
    expect(ink(img, ...title)).toBeGreaterThan(300);
    expect(ink(img, ...title)).toBeGreaterThan(2 * ink(latinOnly, ...title));
    expect(region(img, ...title)).not.toBe(region(latinOnly, ...title));
  });

  it('writes PNGs at the requested dpi, sized width · dpi / 96, with a pHYs chunk', () => {
    const png = renderFigureBuffer(spec({ dpi: 300 }), referenceCase('mpdta.json', 'cs_never_aggte_dynamic').expected, 'png');
    expect(png.readUInt32BE(16)).toBe(2250);
    expect(png.readUInt32BE(20)).toBe(Math.round((450 * 300) / 96));
    expect(pngDpi(png)).toBe(300);
    // Re-setting replaces the chunk instead of adding a second one.
    const again = setPngDpi(png, 600);
    expect(pngDpi(again)).toBe(600);
    expect(again.toString('latin1').split('pHYs').length - 1).toBe(1);
    expect(decodePng(again).width).toBe(2250);
  });

  it('draws with whichever Latin serif is installed (DejaVu Serif where Liberation is missing)', () => {
    const dejavu = '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf';
    const svg = renderSvg({ title: { text: 'Event study 事件研究' }, series: [] }, 300, 100);
    const img = decodePng(svgToPng(svg, { dpi: 96, width: 300, fonts: { latin: { file: dejavu, family: 'DejaVu Serif' }, cjk: fonts.cjk } }));
    expect(ink(img, 0, 0, 300, 40)).toBeGreaterThan(100);
    const latinSvg = renderSvg({ title: { text: 'Event study' }, series: [] }, 300, 100);
    expect(() => svgToPng(latinSvg, { dpi: 96, width: 300, fonts: { latin: null, cjk: null } })).toThrow(/No font file was found/);
  });

  it('refuses to rasterise Chinese text without a CJK font instead of drawing tofu', () => {
    const svg = renderSvg({ title: { text: '图' }, series: [] }, 300, 200);
    expect(() => svgToPng(svg, { dpi: 96, width: 300, fonts: { latin: fonts.latin, cjk: null } })).toThrow(/no Chinese font was found/);
  });

  it('escapes label text in the SVG', () => {
    const svg = renderFigureBuffer(spec({ title: '<script>alert(1)</script> & co' }), referenceCase('mpdta.json', 'event_study_i').expected, 'svg').toString();
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });
});
