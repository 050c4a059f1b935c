/**
 * Every error code the main process can send has a sentence in both languages, so a Chinese
 * user never sees only the generic heading above an English engine message. The codes are
 * read from the non-test sources of main/ and shared/: `new UserError('code', …)`, calls of
 * helpers that pass a `code: string` parameter on to a UserError (fail, formulaError,
 * evalError …), `{ code: '…', message: … }` error objects and the app layer's ERROR_CODES.
 * A UserError whose code is built in any other way fails the test, so the scan cannot
 * silently miss a new kind of throw site.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/domain';
import { en } from './en';
import { createI18n } from './index';
import { zhCN } from './zh-CN';

const sources: Record<string, string> = import.meta.glob(
  ['../../../main/**/*.{ts,tsx}', '../../../shared/**/*.{ts,tsx}', '!../../../**/*.test.{ts,tsx}'],
  { query: '?raw', import: 'default', eager: true },
);

/** What an error code looks like: "busy", "did.treatment_not_binary". */
const CODE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** Index just past the string or template literal that starts at src[i]. */
function skipString(src: string, i: number): number {
  const quote = src[i];
  let j = i + 1;
  while (j < src.length) {
    const ch = src[j];
    if (ch === '\\') j += 2;
    else if (ch === quote) return j + 1;
    else if (quote === '`' && ch === '$' && src[j + 1] === '{') j = skipBalanced(src, j + 1);
    else j++;
  }
  return j;
}

/** Index just past the bracket group that starts at src[i] ("(", "[" or "{"). */
function skipBalanced(src: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < src.length) {
    const ch = src[j];
    if (ch === '"' || ch === "'" || ch === '`') {
      j = skipString(src, j);
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return j;
}

/** The top-level arguments (trimmed source text) of the call whose "(" is at src[open]. */
function callArguments(src: string, open: number): string[] {
  const args: string[] = [];
  let start = open + 1;
  let j = open + 1;
  while (j < src.length) {
    const ch = src[j];
    if (ch === '"' || ch === "'" || ch === '`') j = skipString(src, j);
    else if (ch === '(' || ch === '[' || ch === '{') j = skipBalanced(src, j);
    else if (ch === ',' || ch === ')') {
      const arg = src.slice(start, j).trim();
      if (arg) args.push(arg);
      if (ch === ')') return args;
      start = ++j;
    } else j++;
  }
  return args;
}

/** The value of a plain string literal ('x', "x" or `x` without ${}), else null. */
function literal(arg: string): string | null {
  const m = /^(['"`])([^'"`\\]*)\1$/.exec(arg);
  return m && !(m[1] === '`' && m[2].includes('${')) ? m[2] : null;
}

/** Parameter names of a declaration's parameter list (types and defaults dropped). */
function parameterNames(list: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let j = 0; j <= list.length; j++) {
    const ch = list[j];
    if (ch === '<' || ch === '{' || ch === '[') depth++;
    else if ((ch === '>' && list[j - 1] !== '=') || ch === '}' || ch === ']') depth--;
    else if ((ch === ',' && depth === 0) || j === list.length) {
      const name = /^\s*(?:readonly\s+|private\s+|public\s+)?([A-Za-z_$][\w$]*)/.exec(list.slice(start, j));
      if (name) names.push(name[1]);
      start = j + 1;
    }
  }
  return names;
}

interface Scan {
  codes: Map<string, string[]>;
  /** UserError constructions whose code is neither a literal nor a known pass-through. */
  unrecognized: string[];
}

/** How a rethrow or a forwarding helper may name the code without a literal. */
const PASS_THROUGH = /^(code|e\.code|e\.info\.code|err\.code|ERROR_CODES\.\w+)$/;

function scan(files: Record<string, string>): Scan {
  const codes = new Map<string, string[]>();
  const add = (code: string, where: string): void => {
    if (!CODE.test(code)) return;
    const list = codes.get(code) ?? [];
    list.push(where);
    codes.set(code, list);
  };
  const lineOf = (src: string, at: number): number => src.slice(0, at).split('\n').length;

  // Helpers taking the code as a parameter: name → positions of their `code: string` parameter.
  const helpers = new Map<string, Set<number>>();
  for (const src of Object.values(files)) {
    for (const m of src.matchAll(/\b([A-Za-z_$][\w$]*)\s*(?:<[^>()]*>)?\(([^()]*\bcode\s*:\s*string\b[^()]*)\)/g)) {
      if (m[1] === 'constructor') continue;
      const at = parameterNames(m[2]).indexOf('code');
      if (at < 0) continue;
      const set = helpers.get(m[1]) ?? new Set<number>();
      set.add(at);
      helpers.set(m[1], set);
    }
  }

  const unrecognized: string[] = [];
  for (const [file, src] of Object.entries(files)) {
    const where = (at: number): string => `${file.replace(/^(\.\.\/)+/, '')}:${lineOf(src, at)}`;
    for (const m of src.matchAll(/\bnew\s+UserError\s*\(/g)) {
      const open = m.index + m[0].length - 1;
      const first = callArguments(src, open)[0] ?? '';
      const code = literal(first);
      if (code !== null) add(code, where(m.index));
      else if (!PASS_THROUGH.test(first)) unrecognized.push(`${where(m.index)}: new UserError(${first}, …)`);
    }
    for (const [name, positions] of helpers) {
      const call = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}\\s*\\(`, 'g');
      for (const m of src.matchAll(call)) {
        const args = callArguments(src, m.index + m[0].length - 1);
        for (const p of positions) {
          const code = literal(args[p] ?? '');
          if (code !== null) add(code, where(m.index));
        }
      }
    }
    // Error objects sent without a UserError ({ code: 'forbidden', message: … }); not zod issues.
    for (const m of src.matchAll(/\{\s*code:\s*(['"])([\w.]+)\1\s*,\s*message:/g)) {
      if (/addIssue\(\s*$/.test(src.slice(Math.max(0, m.index - 40), m.index))) continue;
      add(m[2], where(m.index));
    }
  }
  for (const code of Object.values(ERROR_CODES)) add(code, 'shared/domain.ts (ERROR_CODES)');
  return { codes, unrecognized };
}

type Tree = { [key: string]: string | Tree };

/** The resource's sentence for a code, following dots into nested objects as i18next does. */
function sentence(resource: Tree, code: string): string | undefined {
  let node: string | Tree | undefined = (resource.errors as Tree).codes;
  for (const part of code.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' && node.trim() !== '' ? node : undefined;
}

describe('error code sentences', () => {
  const { codes, unrecognized } = scan(sources);

  it('finds the codes of main/ and shared/', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    // One of each way codes are made: a literal, a helper argument, an error object, ERROR_CODES.
    for (const code of ['did.treatment_not_binary', 'formula.syntax', 'expression_type', 'event_study.bad_ref', 'forbidden', 'busy']) {
      expect(codes.has(code), code).toBe(true);
    }
    expect(codes.size).toBeGreaterThan(200);
  });

  it('recognizes how every UserError gets its code', () => {
    expect(unrecognized).toEqual([]);
  });

  it.each([
    ['en', en as unknown as Tree],
    ['zh-CN', zhCN as unknown as Tree],
  ])('has a sentence for every code in %s', (_lang, resource) => {
    const missing = [...codes].filter(([code]) => sentence(resource, code) === undefined).map(([code, at]) => `${code} (${at[0]})`);
    expect(missing).toEqual([]);
  });

  it('resolves dotted codes through i18next in both languages', async () => {
    const i18n = createI18n('en');
    expect(i18n.exists('errors.codes.did.treatment_not_binary')).toBe(true);
    expect(i18n.t('errors.codes.did.treatment_not_binary')).toBe(sentence(en as unknown as Tree, 'did.treatment_not_binary'));
    await i18n.changeLanguage('zh-CN');
    for (const code of codes.keys()) {
      expect(i18n.t(`errors.codes.${code}`), code).toBe(sentence(zhCN as unknown as Tree, code));
    }
  });
});
