/**
 * Canvas and SVG text does not fall back through the page's CSS, so charts name a font stack
 * with CJK coverage on every platform: Noto on Linux, YaHei on Windows, PingFang on macOS.
 */
export const CHART_FONT_FAMILY = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
