import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { regressionTableSpec } from '../../shared/specs/table';
import { ProjectStore } from './project';
import { deleteTable, getTable, listTables, saveTable } from './tables';
import { tempDir } from './testing';

describe('saved tables', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  const store = ProjectStore.create(join(tmp.dir, 't.causeway'), 't');
  const spec = regressionTableSpec.parse({ kind: 'regression', columns: [{ source: 'a1' }], title: '表 1' });

  it('keeps specs with their defaults, in creation order, across reopening', () => {
    const first = saveTable(store, { name: 'Table 1', spec });
    const second = saveTable(store, { name: 'Table 2', spec: { ...spec, parentheses: 't' } });
    store.close();
    const again = ProjectStore.open(join(tmp.dir, 't.causeway'));
    try {
      expect(listTables(again).map((t) => [t.name, t.spec.kind === 'regression' ? t.spec.parentheses : null])).toEqual([
        ['Table 1', 'se'],
        ['Table 2', 't'],
      ]);
      const renamed = saveTable(again, { id: first.id, name: 'Baseline', spec });
      expect(renamed).toMatchObject({ id: first.id, name: 'Baseline', createdAt: first.createdAt });
      deleteTable(again, second.id);
      expect(listTables(again).map((t) => t.id)).toEqual([first.id]);
      expect(() => getTable(again, second.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
      expect(() => deleteTable(again, second.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
      expect(() => saveTable(again, { id: 'nope', name: 'x', spec })).toThrow(expect.objectContaining({ code: 'not_found' }));
      again.db.prepare("UPDATE publish_tables SET spec = '{\"kind\":\"pie\"}' WHERE id = ?").run(first.id);
      expect(() => listTables(again)).toThrow(expect.objectContaining({ code: 'stored_table_invalid' }));
    } finally {
      again.close();
    }
  });
});
