import { describe, expect, it } from 'vitest';
import { en } from './en';
import { createI18n, systemLanguage } from './index';
import { zhCN } from './zh-CN';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
}

describe('i18n resources', () => {
  const enFlat = flatten(en);
  const zhFlat = flatten(zhCN);

  it('have the same keys in both languages', () => {
    expect([...zhFlat.keys()].sort()).toEqual([...enFlat.keys()].sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of enFlat) {
      expect(placeholders(zhFlat.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('leave no string empty except the deliberately blank stars header', () => {
    const blank = [...enFlat, ...zhFlat].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect([...new Set(blank)]).toEqual(['results.stars']);
  });

  it('translate the Chinese resource (no English sentence copied over)', () => {
    const copied = [...enFlat].filter(
      ([key, text]) => /[a-z]{4,} [a-z]{3,}/i.test(text) && zhFlat.get(key) === text && !key.startsWith('language.'),
    );
    expect(copied.map(([k]) => k)).toEqual([]);
  });
});

describe('createI18n', () => {
  it('switches language and interpolates without HTML escaping', async () => {
    const i18n = createI18n('en');
    expect(i18n.t('results.chartTitle', { outcome: 'a<b' })).toBe('Event study: a<b');
    await i18n.changeLanguage('zh-CN');
    expect(i18n.t('results.chartTitle', { outcome: '治理指数' })).toBe('事件研究：治理指数');
  });
});

describe('systemLanguage', () => {
  it('picks Chinese for any zh locale and English otherwise', () => {
    expect(systemLanguage(['zh-TW', 'en'])).toBe('zh-CN');
    expect(systemLanguage(['en-GB'])).toBe('en');
    expect(systemLanguage([])).toBe('en');
  });
});
