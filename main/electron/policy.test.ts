import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../store/testing';
import { APP_ORIGIN, appFileFor, isAppUrl, isTrustedSender } from './policy';

describe('Electron shell policy', () => {
  const tmp = tempDir();
  const dir = join(tmp.dir, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'assets', 'a.js'), '');
  writeFileSync(join(tmp.dir, 'secret.txt'), '');
  afterAll(() => tmp.remove());

  it('serves files inside the renderer folder, routes as index.html, nothing else', () => {
    expect(appFileFor(dir, `${APP_ORIGIN}/`)).toBe(join(dir, 'index.html'));
    expect(appFileFor(dir, `${APP_ORIGIN}/assets/a.js`)).toBe(join(dir, 'assets', 'a.js'));
    expect(appFileFor(dir, `${APP_ORIGIN}/results/42`)).toBe(join(dir, 'index.html'));
    expect(appFileFor(dir, `${APP_ORIGIN}/assets/missing.js`)).toBeNull();
    expect(appFileFor(dir, `${APP_ORIGIN}/..%2fsecret.txt`)).toBeNull();
    expect(appFileFor(dir, `${APP_ORIGIN}/%2e%2e/secret.txt`)).toBeNull();
    expect(appFileFor(dir, 'causeway://other/index.html')).toBeNull();
    expect(appFileFor(dir, 'file:///etc/passwd')).toBeNull();
  });

  it('trusts only the app window main frame on an app page', () => {
    const ok = { senderId: 3, windowId: 3, isMainFrame: true, frameUrl: `${APP_ORIGIN}/index.html` };
    expect(isTrustedSender(ok)).toBe(true);
    expect(isTrustedSender({ ...ok, senderId: 4 })).toBe(false);
    expect(isTrustedSender({ ...ok, windowId: null })).toBe(false);
    expect(isTrustedSender({ ...ok, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'https://example.com/' })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: `${APP_ORIGIN}.evil.com/` })).toBe(false);
  });

  it('keeps navigation inside the app', () => {
    expect(isAppUrl(`${APP_ORIGIN}/data`)).toBe(true);
    expect(isAppUrl('https://example.com')).toBe(false);
  });
});
