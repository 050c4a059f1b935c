import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { causewayHome, Home } from './home';
import { tempDir } from './testing';

describe('config folder', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('CAUSEWAY_HOME overrides the platform folder', () => {
    expect(causewayHome({ CAUSEWAY_HOME: 'rel/home' })).toBe(resolve('rel/home'));
    expect(causewayHome({})).toMatch(/causeway/i);
  });

  it('persists settings and falls back to defaults when the file is damaged', () => {
    const home = new Home(tmp.dir);
    expect(home.settings()).toEqual({ language: null, demoOffered: false });
    home.updateSettings({ language: 'zh-CN' });
    home.updateSettings({ demoOffered: true });
    expect(new Home(tmp.dir).settings()).toEqual({ language: 'zh-CN', demoOffered: true });
    home.updateSettings({ language: null });
    expect(home.settings().language).toBeNull();
    writeFileSync(join(tmp.dir, 'settings.json'), '{"language": "klingon"');
    expect(home.settings()).toEqual({ language: null, demoOffered: false });
  });

  it('keeps recent projects newest first, without duplicates, and flags moved files', () => {
    const home = new Home(tmp.dir);
    const a = join(tmp.dir, 'a.causeway');
    writeFileSync(a, '');
    home.touchRecent(a, 'A');
    home.touchRecent(join(tmp.dir, 'gone.causeway'), 'Gone');
    home.touchRecent(a, 'A renamed');
    expect(home.recent().map((r) => [r.name, r.exists])).toEqual([
      ['A renamed', true],
      ['Gone', false],
    ]);
    for (let i = 0; i < 25; i++) home.touchRecent(join(tmp.dir, `p${i}.causeway`), `P${i}`);
    expect(home.recent()).toHaveLength(20);
    expect(home.recent()[0].name).toBe('P24');
  });
});
