/**
 * Font files for rendering figures to PNG. resvg draws only with the fonts it is given, so
 * the files are found and loaded explicitly: a Times-metric Latin serif (Liberation Serif) and
 * a CJK serif (Noto Serif CJK, Debian's fonts-noto-cjk) so Chinese labels are real glyphs,
 * never tofu boxes. `CAUSEWAY_FONT_DIR` adds a folder searched first (a packaged app ships
 * its fonts there).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Family names as the SVG asks for them (shared/charts/fonts.ts); the first one found in the loaded files wins per glyph. */
export { FIGURE_FONT_FAMILY } from '../../../shared/charts/fonts';

/** Font files in order of preference, with the family name each declares. */
const LATIN_CANDIDATES: [string, string][] = [
  ['LiberationSerif-Regular.ttf', 'Liberation Serif'],
  ['Times New Roman.ttf', 'Times New Roman'],
  ['times.ttf', 'Times New Roman'],
  ['DejaVuSerif.ttf', 'DejaVu Serif'],
];
const CJK_CANDIDATES: [string, string][] = [
  ['NotoSerifCJK-Regular.ttc', 'Noto Serif CJK SC'],
  ['NotoSerifCJKsc-Regular.otf', 'Noto Serif CJK SC'],
  ['SourceHanSerifSC-Regular.otf', 'Source Han Serif SC'],
  ['NotoSansCJK-Regular.ttc', 'Noto Sans CJK SC'],
  ['NotoSansCJKsc-Regular.otf', 'Noto Sans CJK SC'],
  ['simsun.ttc', 'SimSun'],
];
const SYSTEM_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts', '/Library/Fonts', '/System/Library/Fonts', 'C:\\Windows\\Fonts'];

export interface FontFile {
  file: string;
  family: string;
}

export interface FigureFonts {
  latin: FontFile | null;
  cjk: FontFile | null;
}

/** Files below `dir` (depth-limited walk), by base name. */
function indexDir(dir: string, depth: number, into: Map<string, string>): void {
  if (depth < 0 || !existsSync(dir)) return;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) indexDir(p, depth - 1, into);
    else if (!into.has(e.name)) into.set(e.name, p);
  }
}

let cached: FigureFonts | null = null;

/** The Latin and CJK font files to render with (null where none is installed). */
export function findFigureFonts(): FigureFonts {
  if (cached) return cached;
  const files = new Map<string, string>();
  const dirs = [process.env.CAUSEWAY_FONT_DIR, ...SYSTEM_DIRS].filter((d): d is string => !!d);
  for (const d of dirs) indexDir(d, 4, files);
  const pick = (names: [string, string][]): FontFile | null => {
    for (const [n, family] of names) {
      const file = files.get(n);
      if (file) return { file, family };
    }
    return null;
  };
  cached = { latin: pick(LATIN_CANDIDATES), cjk: pick(CJK_CANDIDATES) };
  return cached;
}
