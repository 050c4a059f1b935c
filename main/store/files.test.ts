import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from './files';
import { ProjectStore } from './project';
import { sampleFrame, tempDir } from './testing';

const source = { file: null, format: 'test', encoding: null, delimiter: null };

describe('atomic writes', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('replaces a file and leaves no temp file', () => {
    const f = join(tmp.dir, 'settings.json');
    writeFileAtomically(f, 'one');
    writeFileAtomically(f, 'two');
    expect(readFileSync(f, 'utf8')).toBe('two');
    expect(readdirSync(tmp.dir)).toEqual(['settings.json']);
  });

  it('copies a project, refusing to overwrite unless asked, the same file, or a missing folder', async () => {
    const src = ProjectStore.create(join(tmp.dir, 'a.causeway'), 'A');
    src.insertDataset(sampleFrame(), { name: 'd', source });
    const target = join(tmp.dir, 'b.causeway');
    await src.saveCopy(target);
    await expect(src.saveCopy(target)).rejects.toMatchObject({ code: 'file_exists' });
    await expect(src.saveCopy(join(tmp.dir, 'a.causeway'), { overwrite: true })).rejects.toMatchObject({ code: 'same_file' });
    await expect(src.saveCopy(join(tmp.dir, 'no', 'c.causeway'))).rejects.toMatchObject({ code: 'folder_not_found' });
    const fractions: number[] = [];
    await src.saveCopy(target, { overwrite: true, onProgress: (f) => fractions.push(f) });
    expect(fractions.at(-1)).toBe(1);
    src.close();
    const copy = ProjectStore.open(target);
    expect(copy.info().name).toBe('A');
    expect(copy.listDatasets().map((d) => d.name)).toEqual(['d']);
    copy.close();
  });

  it('replacing a project whose WAL still holds commits does not replay that WAL into the copy', async () => {
    // A crashed app leaves committed transactions in "<file>-wal"; simulate by copying the
    // files of a connection that has not checkpointed.
    const crashed = ProjectStore.create(join(tmp.dir, 'crashed.causeway'), 'Crashed');
    crashed.db.pragma('wal_autocheckpoint = 0');
    crashed.insertDataset(sampleFrame(), { name: 'in-wal', source });
    const target = join(tmp.dir, 'target.causeway');
    copyFileSync(join(tmp.dir, 'crashed.causeway'), target);
    copyFileSync(join(tmp.dir, 'crashed.causeway-wal'), `${target}-wal`);
    crashed.close();

    const src = ProjectStore.create(join(tmp.dir, 'new.causeway'), 'New');
    src.insertDataset(sampleFrame(), { name: 'fresh', source });
    await src.saveCopy(target, { overwrite: true });
    src.close();

    expect(existsSync(`${target}-wal`)).toBe(false);
    const t = ProjectStore.open(target);
    expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(t.info().name).toBe('New');
    expect(t.listDatasets().map((d) => d.name)).toEqual(['fresh']);
    t.close();
  });
});
