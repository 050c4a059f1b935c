/**
 * A canonical form of R code, to compare generated code with a reference call "up to
 * formatting": whitespace and line breaks outside strings are dropped, quotes unified,
 * named arguments of every call sorted by name (R matches named arguments by name, so their
 * order does not change the call), and the data set's name replaced by DATA. Statements are
 * split on top-level ';' and line breaks; comments are removed.
 */

type Token = { kind: 'str' | 'word' | 'punct' | 'sep'; text: string };

function tokenize(code: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let depth = 0;
  while (i < code.length) {
    const ch = code[i];
    if (ch === '#') {
      while (i < code.length && code[i] !== '\n') i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let s = '';
      while (j < code.length && code[j] !== ch) {
        if (code[j] === '\\' && j + 1 < code.length) {
          s += code[j] + code[j + 1];
          j += 2;
          continue;
        }
        s += code[j++];
      }
      out.push({ kind: 'str', text: `"${s.replace(/(?<!\\)"/g, '\\"')}"` });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z0-9._]/.test(ch)) {
      let j = i;
      while (j < code.length && /[A-Za-z0-9._]/.test(code[j])) j++;
      out.push({ kind: 'word', text: code.slice(i, j) });
      i = j;
      continue;
    }
    if (ch === '\n' || ch === ';') {
      // A line break inside brackets continues the expression.
      if (ch === ';' || depth === 0) out.push({ kind: 'sep', text: ';' });
      i++;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    if (ch === ')' || ch === ']' || ch === '}') depth--;
    out.push({ kind: 'punct', text: ch });
    i++;
  }
  return out;
}

/** Rebuilds tokens[from, to) with call arguments canonicalised. */
function render(tokens: Token[], from: number, to: number): string {
  let out = '';
  let i = from;
  while (i < to) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if ((t.kind === 'word' || (t.kind === 'punct' && t.text === ')')) && next && next.kind === 'punct' && next.text === '(' && i + 1 < to) {
      out += t.text;
      const close = matching(tokens, i + 1);
      out += `(${args(tokens, i + 2, close).join(',')})`;
      i = close + 1;
      continue;
    }
    out += t.text;
    i++;
  }
  return out;
}

function matching(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
    if (depth === 0) return i;
  }
  return tokens.length;
}

/** Canonical arguments of a call whose argument tokens are [from, to): positional in order, then named sorted. */
function args(tokens: Token[], from: number, to: number): string[] {
  const parts: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'punct' && ')]}'.includes(t.text)) depth--;
    if (depth === 0 && t.kind === 'punct' && t.text === ',') {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  if (to > from) parts.push([start, to]);
  const positional: string[] = [];
  const named: [string, string][] = [];
  for (const [a, b] of parts) {
    const isNamed = b - a >= 2 && (tokens[a].kind === 'word' || tokens[a].kind === 'str') && tokens[a + 1].kind === 'punct' && tokens[a + 1].text === '=' && !(tokens[a + 2]?.kind === 'punct' && tokens[a + 2].text === '=');
    if (isNamed) named.push([tokens[a].text, render(tokens, a + 2, b)]);
    else positional.push(render(tokens, a, b));
  }
  named.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return [...positional, ...named.map(([k, v]) => `${k}=${v}`)];
}

/** Canonical statements of R code; `dataNames` are replaced by DATA wherever they stand as a name. */
export function normalizeR(code: string, dataNames: string[] = []): string[] {
  const tokens = tokenize(code).map((t) => (t.kind === 'word' && dataNames.includes(t.text) ? { ...t, text: 'DATA' } : t));
  const statements: string[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i === tokens.length || tokens[i].kind === 'sep') {
      if (i > start) statements.push(render(tokens, start, i));
      start = i + 1;
    }
  }
  return statements;
}
