/**
 * Browsers cap an element's height (Chromium, and so Electron, near 33.5 million CSS pixels;
 * Firefox near 17.9 million), so a scrolling canvas of 26-pixel rows cannot hold more than
 * about 1.29 million rows. Larger datasets are shown one segment of rows at a time, chosen
 * above the grid; each segment scrolls like a dataset of its own.
 */

/** Rows per segment: 1,000,000 × 26 px = 26 million px, inside Chromium's limit. */
export const SEGMENT_ROWS = 1_000_000;

export interface GridSegment {
  /** First row (0-based) and one past the last. */
  from: number;
  to: number;
}

/** The segments of `nrow` rows; one segment (the whole dataset) up to `size` rows. */
export function gridSegments(nrow: number, size = SEGMENT_ROWS): GridSegment[] {
  if (!(size >= 1)) throw new RangeError(`segment size must be at least 1, not ${size}`);
  const out: GridSegment[] = [];
  for (let from = 0; from < nrow || out.length === 0; from += size) out.push({ from, to: Math.min(nrow, from + size) });
  return out;
}
