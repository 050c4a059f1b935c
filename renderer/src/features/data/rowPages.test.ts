import { describe, expect, it } from 'vitest';
import { RowPageCache, pageSizeFor, type RowPage } from './rowPages';

/** A dataset whose cell (i, j) is i * 10 + j, served page by page; records every request. */
function source(ncol: number) {
  const requests: [number, number][] = [];
  const pending: (() => void)[] = [];
  let fail = false;
  const fetchPage = (offset: number, limit: number): Promise<RowPage> => {
    requests.push([offset, limit]);
    return new Promise((resolve, reject) => {
      pending.push(() => {
        if (fail) reject(new Error('gone'));
        else
          resolve({
            columns: Array.from({ length: ncol }, (_, j) => `c${j}`),
            values: Array.from({ length: ncol }, (_, j) => Array.from({ length: limit }, (_, i) => (offset + i) * 10 + j)),
          });
      });
    });
  };
  const flush = async (): Promise<void> => {
    while (pending.length) pending.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { fetchPage, requests, flush, setFail: (f: boolean) => (fail = f) };
}

describe('RowPageCache', () => {
  it('fetches only the pages of the visible rows, once, and serves their cells', async () => {
    const src = source(2);
    let changes = 0;
    const cache = new RowPageCache(src.fetchPage, 1_000_000, 100, 10, () => changes++);
    cache.ensure(150, 260);
    cache.ensure(150, 260);
    expect(src.requests).toEqual([
      [100, 100],
      [200, 100],
    ]);
    expect(cache.cell(150, 1)).toBeUndefined();
    await src.flush();
    expect(changes).toBe(2);
    expect(cache.cell(150, 1)).toBe(1501);
    expect(cache.cell(299, 0)).toBe(2990);
    expect(cache.cell(300, 0)).toBeUndefined();
  });

  it('jumps to the end of a million rows without touching the middle, and clips the last page', async () => {
    const src = source(1);
    const cache = new RowPageCache(src.fetchPage, 1_000_000, 300, 10, () => undefined);
    cache.ensure(999_990, 1_000_500);
    expect(src.requests).toEqual([[999_900, 100]]);
    await src.flush();
    expect(cache.cell(999_999, 0)).toBe(9_999_990);
  });

  it('keeps only the most recently used pages', async () => {
    const src = source(1);
    const cache = new RowPageCache(src.fetchPage, 10_000, 10, 3, () => undefined);
    for (const start of [0, 10, 20]) cache.ensure(start, start);
    await src.flush();
    cache.ensure(0, 0); // page 0 becomes the most recent
    cache.ensure(30, 30);
    await src.flush();
    expect(cache.cachedPages).toBe(3);
    expect(cache.cell(0, 0)).toBe(0);
    expect(cache.cell(10, 0)).toBeUndefined();
  });

  it('does not refetch a failed page until retry', async () => {
    const src = source(1);
    const cache = new RowPageCache(src.fetchPage, 1000, 100, 5, () => undefined);
    src.setFail(true);
    cache.ensure(0, 10);
    await src.flush();
    expect(cache.error).toBeInstanceOf(Error);
    cache.ensure(0, 10);
    expect(src.requests.length).toBe(1);
    src.setFail(false);
    cache.retry();
    cache.ensure(0, 10);
    await src.flush();
    expect(src.requests.length).toBe(2);
    expect(cache.error).toBeNull();
    expect(cache.cell(5, 0)).toBe(50);
  });

  it('asks for nothing on an empty dataset or after dispose', () => {
    const src = source(1);
    new RowPageCache(src.fetchPage, 0, 100, 5, () => undefined).ensure(0, 50);
    const cache = new RowPageCache(src.fetchPage, 100, 100, 5, () => undefined);
    cache.dispose();
    cache.ensure(0, 50);
    expect(src.requests).toEqual([]);
  });
});

describe('pageSizeFor', () => {
  it('keeps requests near 20,000 cells within 50…1000 rows', () => {
    expect(pageSizeFor(8)).toBe(1000);
    expect(pageSizeFor(100)).toBe(200);
    expect(pageSizeFor(5000)).toBe(50);
    expect(pageSizeFor(0)).toBe(1000);
  });
});
