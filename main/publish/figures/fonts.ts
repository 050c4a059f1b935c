/**
 * Font files for rendering figures to PNG. resvg draws only with the fonts it is given, so
 * the files are found and loaded explicitly: a Times-metric Latin serif (Liberation Serif) and
 * a CJK serif (Noto Serif CJK, Debian's fonts-noto-cjk) so Chinese labels are real glyphs,
 * never tofu boxes. `CAUSEWAY_FONT_DIR` adds a folder searched first (a packaged app ships
 * its fonts there).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Family names as the SVG asks for them; the first one found in the loaded files wins per glyph. */
export const FIGURE_FONT_FAMILY = "'Times New Roman', 'Liberation Serif', 'Noto Serif CJK SC', 'Source Han Serif SC', SimSun, serif";

const LATIN_CANDIDATES = ['LiberationSerif-Regular.ttf', 'Times New Roman.ttf', 'times.ttf', 'DejaVuSerif.ttf'];
const CJK_CANDIDATES = ['NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular.otf', 'SourceHanSerifSC-Regular.otf', 'NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular.otf', 'simsun.ttc'];
const SYSTEM_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts', '/Library/Fonts', '/System/Library/Fonts', 'C:\\Windows\\Fonts'];

export interface FigureFonts {
  latin: string | null;
  cjk: string | null;
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
  const pick = (names: string[]): string | null => {
    for (const n of names) {
      const p = files.get(n);
      if (p) return p;
    }
    return null;
  };
  cached = { latin: pick(LATIN_CANDIDATES), cjk: pick(CJK_CANDIDATES) };
  return cached;
}
