/**
 * The font stack of the publication figures, as the SVG names it: Times-metric Latin first,
 * then Song-style CJK faces. The PNG export loads matching files explicitly
 * (main/publish/figures/fonts.ts); the app's browser resolves the same names.
 */
export const FIGURE_FONT_FAMILY = "'Times New Roman', 'Liberation Serif', 'DejaVu Serif', 'Noto Serif CJK SC', 'Source Han Serif SC', 'Noto Sans CJK SC', SimSun, serif";
