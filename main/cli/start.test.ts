import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../store/testing';
import { electronBinaryIn } from './start';

describe('finding the Electron binary', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('is null when the package never downloaded its binary, without trying to download it', () => {
    expect(electronBinaryIn(tmp.dir, {})).toBeNull();
    writeFileSync(join(tmp.dir, 'path.txt'), 'electron');
    expect(electronBinaryIn(tmp.dir, {})).toBeNull();
  });

  it('finds the downloaded binary, or the one ELECTRON_OVERRIDE_DIST_PATH points to', () => {
    writeFileSync(join(tmp.dir, 'path.txt'), 'electron');
    mkdirSync(join(tmp.dir, 'dist'));
    writeFileSync(join(tmp.dir, 'dist', 'electron'), '');
    expect(electronBinaryIn(tmp.dir, {})).toBe(join(tmp.dir, 'dist', 'electron'));
    const other = join(tmp.dir, 'other');
    mkdirSync(other);
    expect(electronBinaryIn(tmp.dir, { ELECTRON_OVERRIDE_DIST_PATH: other })).toBeNull();
    writeFileSync(join(other, 'electron'), '');
    expect(electronBinaryIn(tmp.dir, { ELECTRON_OVERRIDE_DIST_PATH: other })).toBe(join(other, 'electron'));
  });
});
