/**
 * The data grid's window onto a dataset of any length: rows are fetched in fixed-size pages
 * through the `dataset.rows` channel as they scroll into view, and only the most recently used
 * pages are kept, so a 1M-row dataset costs the renderer a few thousand cells at a time.
 */
import type { Cell } from '../../../../shared/contract';

export interface RowPage {
  columns: string[];
  /** values[j][i] is row (page offset + i) of columns[j]. */
  values: Cell[][];
}

export type FetchPage = (offset: number, limit: number) => Promise<RowPage>;

/** Rows per page: about 20,000 cells per request whatever the width, within 50…1000 rows. */
export function pageSizeFor(ncol: number): number {
  return Math.max(50, Math.min(1000, Math.floor(20000 / Math.max(1, ncol))));
}

export class RowPageCache {
  private readonly pages = new Map<number, RowPage>();
  private readonly inFlight = new Set<number>();
  /** Pages whose fetch failed: not retried on every scroll (that would loop), only on retry(). */
  private readonly failed = new Set<number>();
  private failure: unknown = null;
  private disposed = false;

  constructor(
    private readonly fetchPage: FetchPage,
    readonly nrow: number,
    readonly pageSize: number,
    private readonly maxPages: number,
    private readonly onChange: () => void,
  ) {}

  /** Fetches every page that holds a row in [first, last] and is neither cached nor on its way. */
  ensure(first: number, last: number): void {
    if (this.nrow === 0 || this.disposed) return;
    const lo = Math.max(0, Math.floor(first / this.pageSize));
    const hi = Math.min(Math.floor((this.nrow - 1) / this.pageSize), Math.floor(Math.max(first, last) / this.pageSize));
    for (let p = lo; p <= hi; p++) {
      const cached = this.pages.get(p);
      if (cached) {
        // Re-insert: Map order is the LRU order.
        this.pages.delete(p);
        this.pages.set(p, cached);
      } else if (!this.inFlight.has(p) && !this.failed.has(p)) {
        this.load(p);
      }
    }
  }

  private load(p: number): void {
    const offset = p * this.pageSize;
    const limit = Math.min(this.pageSize, this.nrow - offset);
    this.inFlight.add(p);
    this.fetchPage(offset, limit).then(
      (page) => {
        this.inFlight.delete(p);
        if (this.disposed) return;
        this.pages.set(p, page);
        while (this.pages.size > this.maxPages) {
          const oldest = this.pages.keys().next().value as number;
          this.pages.delete(oldest);
        }
        this.failure = null;
        this.onChange();
      },
      (error: unknown) => {
        this.inFlight.delete(p);
        if (this.disposed) return;
        this.failed.add(p);
        this.failure = error;
        this.onChange();
      },
    );
  }

  /** The cell, or undefined while its page is not loaded. */
  cell(row: number, column: number): Cell | undefined {
    const page = this.pages.get(Math.floor(row / this.pageSize));
    return page?.values[column]?.[row % this.pageSize];
  }

  /** The last failed fetch, until a later one succeeds. */
  get error(): unknown {
    return this.failure;
  }

  /** Forgets failed fetches so the next ensure() tries them again. */
  retry(): void {
    this.failed.clear();
    this.failure = null;
    this.onChange();
  }

  get cachedPages(): number {
    return this.pages.size;
  }

  dispose(): void {
    this.disposed = true;
    this.pages.clear();
  }
}
