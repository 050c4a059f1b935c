/**
 * Equivalent Stata code for an analysis spec: reghdfe / ivreghdfe, csdid, did_imputation,
 * bacondecomp, rdrobust / rdbwselect / rdplot / rddensity, psmatch2, logit / probit, ologit /
 * oprobit. Where Stata's command differs from the R reference Causeway matches (small-sample
 * factors, tie rules, unsupported options), the script says so in a note instead of hiding it.
 */
import type { AnySpec, GeneratedCode, Vcov } from './common';
import { asSpec, fileExtension, num, RD_KERNELS, requireStr, splitFormula, str, strs, unsupported, vcovOf } from './common';

/**
 * The name Stata gives a column on import (strtoname(): characters other than letters, digits
 * and _ become _, a leading digit gets a leading _, at most 32 characters), e.g.
 * first.treat → first_treat.
 */
export function stataName(name: string): string {
  let s = name.replace(/[^\p{L}\p{N}_]/gu, '_');
  if (/^\p{N}/u.test(s)) s = `_${s}`;
  return s.slice(0, 32) || '_var';
}

function stataString(s: string): string {
  return `"${s.replace(/"/g, "'")}"`;
}

interface Body {
  commands: string[];
  /** Commands that derive columns before the estimation. */
  prepare?: string[];
  packages: string[];
  notes?: string[];
}

/** Splits on a separator at bracket depth 0. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0 && s.startsWith(sep, i)) {
      out.push(s.slice(start, i).trim());
      start = i + sep.length;
    }
  }
  out.push(s.slice(start).trim());
  return out.filter((x) => x !== '');
}

/** Variables to enter as factors (i.) : those with an explicit level order in the spec. */
function factorSet(spec: AnySpec): Set<string> {
  const l = spec.levels;
  return new Set(l && typeof l === 'object' ? Object.keys(l as object) : []);
}

/** One fixest / R formula term as Stata factor-variable notation; null with a note when it has none. */
function stataTerm(term: string, factors: Set<string>, notes: string[]): string | null {
  const t = term.replace(/\s+/g, '');
  const v = (name: string): string => (factors.has(name) ? `i.${stataName(name)}` : stataName(name));
  const c = (name: string): string => (factors.has(name) ? `i.${stataName(name)}` : `c.${stataName(name)}`);
  if (t === '1' || t === '0') return null;
  const square = /^I\(([A-Za-z.][\w.]*)\^2\)$/.exec(t);
  if (square) return `c.${stataName(square[1])}#c.${stataName(square[1])}`;
  const ifactor = /^i\(([A-Za-z.][\w.]*)(?:,([A-Za-z.][\w.]*))?(?:,ref=(-?\d+))?\)$/.exec(t);
  if (ifactor) {
    const [, f, w, ref] = ifactor;
    if (ref !== undefined && Number(ref) < 0) {
      notes.push(`${term}: Stata factor variables take non-negative integers only; shift ${f} (e.g. gen ${stataName(f)}_s = ${stataName(f)} + K) and use ib(${ref} + K).`);
      return null;
    }
    const base = ref !== undefined ? `ib${ref}.${stataName(f)}` : `i.${stataName(f)}`;
    return w ? `${base}#c.${stataName(w)}` : base;
  }
  if (/^[A-Za-z.][\w.]*(\*[A-Za-z.][\w.]*)+$/.test(t)) return t.split('*').map(c).join('##');
  if (/^[A-Za-z.][\w.]*(:[A-Za-z.][\w.]*)+$/.test(t)) return t.split(':').map(c).join('#');
  if (/^[A-Za-z.][\w.]*$/.test(t)) return v(t);
  notes.push(`The term ${term} has no direct Stata equivalent here; create it as a variable first.`);
  return null;
}

function stataTerms(rhs: string, factors: Set<string>, notes: string[]): string[] {
  return splitTop(rhs, '+')
    .map((x) => stataTerm(x, factors, notes))
    .filter((x): x is string => x !== null);
}

function vceOption(v: Vcov): string {
  if (v === undefined || v === 'iid') return '';
  if (typeof v === 'object') return ` vce(cluster ${v.cluster.map(stataName).join(' ')})`;
  if (v === 'HC3') return ' vce(hc3)';
  return ' vce(robust)';
}

function options(parts: string[]): string {
  const p = parts.map((x) => x.trim()).filter(Boolean);
  return p.length > 0 ? `, ${p.join(' ')}` : '';
}

function feols(spec: AnySpec): Body {
  const formula = requireStr(spec, 'formula');
  const notes: string[] = [];
  const factors = factorSet(spec);
  const { lhs, rhs } = splitFormula(formula.split('|')[0]);
  const parts = splitTop(formula, '|');
  const ivPart = parts.length > 1 && parts[parts.length - 1].includes('~') ? parts[parts.length - 1] : null;
  const fePart = parts.length > 1 && parts[1] !== ivPart && parts[1] !== '0' ? parts[1] : null;
  if (/sunab\(/.test(rhs)) throw unsupported('Stata', 'feols', 'the Sun-Abraham estimator is eventstudyinteract in Stata, with its own syntax; run it there on the same cohorts.');
  const x = stataTerms(rhs, factors, notes);
  const fe = fePart ? splitTop(fePart, '+').map((f) => f.split('^').map(stataName).join('#')) : [];
  const v = vcovOf(spec.vcov);
  const w = str(spec, 'weights');
  const weight = w ? ` [aweight = ${stataName(w)}]` : '';
  if (typeof v === 'string' && v === 'HC3' && fe.length > 0) throw unsupported('Stata', 'feols', 'reghdfe has no HC3 variance.');
  if (ivPart) {
    const iv = splitFormula(ivPart);
    const endo = `(${stataTerms(iv.lhs, factors, notes).join(' ')} = ${stataTerms(iv.rhs, factors, notes).join(' ')})`;
    notes.push('small makes ivregress report t statistics with n − k degrees of freedom, as fixest does; add first to see the first stage.');
    if (fe.length === 0) return { packages: [], commands: [`ivregress 2sls ${stataName(lhs)} ${[...x, endo].join(' ')}${weight}${options(['small', vceOption(v)])}`], notes };
    return { packages: ['ivreghdfe'], commands: [`ivreghdfe ${stataName(lhs)} ${[...x, endo].join(' ')}${weight}${options([`absorb(${fe.join(' ')})`, vceOption(v)])}`], notes };
  }
  const multiway = typeof v === 'object' && v.cluster.length > 1;
  if (fe.length === 0 && !multiway) return { packages: [], commands: [`regress ${stataName(lhs)} ${x.join(' ')}${weight}${options([vceOption(v)])}`], notes };
  if (typeof v === 'object' && fe.length > 0) notes.push('Small-sample factors for clustered SEs with fixed effects nested in clusters can differ between reghdfe and fixest; compare the SEs with the R code.');
  return { packages: ['reghdfe', 'ftools'], commands: [`reghdfe ${stataName(lhs)} ${x.join(' ')}${weight}${options([fe.length > 0 ? `absorb(${fe.join(' ')})` : 'noabsorb', vceOption(v)])}`], notes };
}

function didBuilder(spec: AnySpec): Body {
  const y = stataName(requireStr(spec, 'outcome'));
  const unit = stataName(requireStr(spec, 'unit'));
  const time = stataName(requireStr(spec, 'time'));
  const t = (spec.treatment ?? {}) as { kind?: string; column?: string; ids?: (string | number)[]; policy_time?: number };
  const prepare: string[] = [];
  const notes: string[] = [];
  let treat = 'treat_post';
  let ever: string | null = null;
  let first: string | null = null;
  switch (t.kind) {
    case 'column':
      treat = stataName(t.column as string);
      break;
    case 'ids': {
      const ids = t.ids ?? [];
      ever = ids.every((i) => typeof i === 'number') ? `inlist(${unit}, ${ids.join(', ')})` : `inlist(${unit}, ${ids.map((i) => stataString(String(i))).join(', ')})`;
      first = String(t.policy_time);
      if (ids.length > 250) notes.push('inlist() takes at most 250 values: merge a list of treated ids instead.');
      break;
    }
    case 'group':
      ever = `${stataName(t.column as string)} == 1`;
      first = String(t.policy_time);
      break;
    case 'first_treat': {
      const g = stataName(t.column as string);
      ever = `${g} > 0 & !missing(${g})`;
      first = g;
      break;
    }
    default:
      throw unsupported('Stata', 'did', 'the treatment definition is missing.');
  }
  const ex = spec.exclude as { units?: (string | number)[]; times?: number[]; values?: { column: string; values: (string | number)[] }[] } | undefined;
  const dropRules: [string, (string | number)[]][] = [...(ex?.units ? [[unit, ex.units] as [string, (string | number)[]]] : []), ...(ex?.times ? [[time, ex.times] as [string, (string | number)[]]] : []), ...(ex?.values ?? []).map((v): [string, (string | number)[]] => [stataName(v.column), v.values])];
  for (const [c, values] of dropRules) prepare.push(`drop if inlist(${c}, ${values.map((v) => (typeof v === 'number' ? String(v) : stataString(v))).join(', ')})`);
  const w0 = spec.winsorize as { columns?: string[]; lower?: number; upper?: number; by_time?: boolean } | undefined;
  if (w0) {
    // winsor2 cuts at Stata's percentiles, as the DID builder does.
    const cols = (w0.columns ?? [requireStr(spec, 'outcome')]).map(stataName);
    prepare.push(`winsor2 ${cols.join(' ')}, cuts(${w0.lower ?? 1} ${w0.upper ?? 99}) replace${w0.by_time ? ` by(${time})` : ''}`);
  }
  if (ever && first) prepare.push(`gen byte treat_post = (${ever}) & ${time} >= ${first}`);
  const controls = strs(spec, 'controls').map(stataName);
  const fes = (Array.isArray(spec.fixed_effects) ? strs(spec, 'fixed_effects') : [requireStr(spec, 'unit'), requireStr(spec, 'time')]).map((f) => f.split('^').map(stataName).join('#'));
  // Unit-specific linear trends: absorb unit-specific slopes on time (reghdfe's unit#c.time).
  if (spec.unit_trends === true) fes.push(`${unit}#c.${time}`);
  const clusters = Array.isArray(spec.cluster) ? strs(spec, 'cluster') : [requireStr(spec, 'unit')];
  const vce = clusters.length > 0 ? vceOption({ cluster: clusters }) : vceOption(str(spec, 'vcov') ?? 'hetero');
  const w = str(spec, 'weights');
  const weight = w ? ` [aweight = ${stataName(w)}]` : '';
  const tail = `${weight}${options([fes.length > 0 ? `absorb(${fes.join(' ')})` : 'noabsorb', vce])}`;
  const commands = [`reghdfe ${y} ${[treat, ...controls].join(' ')}${tail}`];
  const es = spec.event_study as { leads?: number; lags?: number; ref?: number; endpoints?: string } | null | undefined;
  if (es && ever && first) {
    const leads = es.leads ?? 4;
    const lags = es.lags ?? 3;
    const ref = es.ref ?? -1;
    // Factor variables need non-negative codes: event time e is stored as e + leads, and
    // never-treated units share the reference code, as fixest's i(rel_time, ref = c(ref, -1000)).
    prepare.push(`gen rel_time = ${time} - ${first} if ${ever}`);
    if ((es.endpoints ?? 'bin') === 'bin') prepare.push(`replace rel_time = max(min(rel_time, ${lags}), -${leads}) if !missing(rel_time)`);
    else prepare.push(`gen byte es_keep = missing(rel_time) | inrange(rel_time, -${leads}, ${lags})`);
    prepare.push(`gen es_period = cond(missing(rel_time), ${ref + leads}, rel_time + ${leads})`);
    const keep = (es.endpoints ?? 'bin') === 'trim' ? ' if es_keep' : '';
    commands.push(`${['reghdfe', y, `ib${ref + leads}.es_period`, ...controls].join(' ')}${keep}${tail}`);
    notes.push(`es_period = event time + ${leads}: coefficient k of es_period is event time k - ${leads}.`);
  }
  return { packages: ['reghdfe', 'ftools', ...(w0 ? ['winsor2'] : [])], prepare, commands, notes };
}

function covariateList(xformla: string | undefined): string[] {
  if (!xformla || xformla.replace(/\s/g, '') === '~1') return [];
  return splitTop(xformla.replace(/^\s*~/, ''), '+').map(stataName);
}

function attGt(spec: AnySpec): Body {
  const x = covariateList(str(spec, 'xformla'));
  const method = { dr: 'dripw', ipw: 'stdipw', reg: 'reg' }[str(spec, 'est_method') ?? 'dr'] ?? 'dripw';
  const opts = [`ivar(${stataName(requireStr(spec, 'idname'))})`, `time(${stataName(requireStr(spec, 'tname'))})`, `gvar(${stataName(requireStr(spec, 'gname'))})`];
  if (str(spec, 'control_group') === 'notyettreated') opts.push('notyet');
  if (x.length > 0) opts.push(`method(${method})`);
  if (str(spec, 'base_period') === 'universal') opts.push('long2');
  const notes: string[] = [];
  if (spec.bstrap === true) {
    opts.push(`wboot reps(${num(spec, 'biters') ?? 1000}) rseed(${num(spec, 'seed') ?? 1})`);
    notes.push("csdid's wild bootstrap uses Stata's random-number stream, so bootstrap SEs differ from Causeway's in the last digits.");
  }
  if ((num(spec, 'anticipation') ?? 0) > 0) notes.push('csdid has no anticipation option: shift gvar back by the anticipation periods before running it.');
  const commands = [`${['csdid', stataName(requireStr(spec, 'yname')), ...x].join(' ')}${options(opts)}`];
  const agg = str(spec, 'aggte');
  if (agg) {
    const estat = { simple: 'simple', dynamic: 'event', group: 'group', calendar: 'calendar' }[agg] ?? agg;
    const window = agg === 'dynamic' && (num(spec, 'min_e') !== undefined || num(spec, 'max_e') !== undefined) ? `, window(${num(spec, 'min_e') ?? -1000} ${num(spec, 'max_e') ?? 1000})` : '';
    commands.push(`estat ${estat}${window}`);
  }
  return { packages: ['csdid', 'drdid'], commands, notes };
}

function didImputation(spec: AnySpec): Body {
  const g = stataName(requireStr(spec, 'gname'));
  const opts: string[] = [];
  const h = spec.horizon;
  if (h === true) opts.push('allhorizons');
  else if (Array.isArray(h)) opts.push(`horizons(${(h as number[]).join(' ')})`);
  const pre = spec.pretrends;
  const notes: string[] = [];
  if (Array.isArray(pre)) opts.push(`pretrends(${-Math.min(pre[0] as number, pre[1] as number)})`);
  else if (pre === true) notes.push('pretrends() needs a number of pre-periods in Stata: set it to the number of pre-treatment periods in the data.');
  const cl = str(spec, 'cluster_var');
  if (cl) opts.push(`cluster(${stataName(cl)})`);
  opts.push('autosample');
  return {
    packages: ['did_imputation'],
    // did_imputation marks never-treated units with a missing first-treatment period, not 0.
    prepare: [`gen ${g}_bjs = cond(${g} == 0, ., ${g})`],
    commands: [`did_imputation ${stataName(requireStr(spec, 'yname'))} ${stataName(requireStr(spec, 'idname'))} ${stataName(requireStr(spec, 'tname'))} ${g}_bjs${options(opts)}`],
    notes,
  };
}

function bacon(spec: AnySpec): Body {
  const { lhs, rhs } = splitFormula(requireStr(spec, 'formula'));
  return {
    packages: ['bacondecomp'],
    prepare: [`xtset ${stataName(requireStr(spec, 'id_var'))} ${stataName(requireStr(spec, 'time_var'))}`],
    commands: [`bacondecomp ${stataName(lhs)} ${stataName(rhs)}, ddetail`],
  };
}

function bw(v: unknown): string | null {
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.join(' ');
  if (v && typeof v === 'object') return `${(v as { left: number }).left} ${(v as { right: number }).right}`;
  return null;
}

function rd(spec: AnySpec, cmd: 'rdrobust' | 'rdbwselect' | 'rdplot'): Body {
  if (spec.time !== undefined || !str(spec, 'x')) throw unsupported('Stata', spec.model, 'the running variable is built from a date (RD in time); build it as a variable first.');
  const opts: string[] = [];
  const c = num(spec, 'c');
  if (c !== undefined && c !== 0) opts.push(`c(${c})`);
  const fuzzy = str(spec, 'fuzzy');
  if (fuzzy) opts.push(`fuzzy(${stataName(fuzzy)})`);
  const p = num(spec, 'p');
  if (p !== undefined && p !== (cmd === 'rdplot' ? 4 : 1)) opts.push(`p(${p})`);
  const q = num(spec, 'q');
  if (q !== undefined && cmd !== 'rdplot') opts.push(`q(${q})`);
  for (const k of ['h', 'b'] as const) {
    const v = bw(spec[k]);
    if (v) opts.push(`${k}(${v})`);
  }
  const rho = num(spec, 'rho');
  if (rho !== undefined) opts.push(`rho(${rho})`);
  const covs = strs(spec, 'covs');
  if (covs.length > 0) opts.push(`covs(${covs.map(stataName).join(' ')})`);
  const kernel = RD_KERNELS[str(spec, 'kernel') ?? ''];
  if (kernel && kernel !== (cmd === 'rdplot' ? 'uniform' : 'triangular')) opts.push(`kernel(${kernel})`);
  const w = str(spec, 'weights');
  if (w) opts.push(`weights(${stataName(w)})`);
  if (cmd !== 'rdplot') {
    const bws = str(spec, 'bwselect');
    if (bws && bws !== 'mserd') opts.push(`bwselect(${bws})`);
    const cluster = str(spec, 'cluster');
    const vce = str(spec, 'vce');
    if (cluster) opts.push(`vce(${vce === 'nn' ? 'nncluster' : 'cluster'} ${stataName(cluster)})`);
    else if (vce && vce !== 'nn') opts.push(`vce(${vce})`);
    const level = num(spec, 'level');
    if (level !== undefined && level !== 95) opts.push(`level(${level})`);
    if (spec.all === true) opts.push('all');
  } else {
    const nbins = bw(spec.nbins);
    if (nbins) opts.push(`nbins(${nbins})`);
    const binselect = str(spec, 'binselect');
    if (binselect && binselect !== 'esmv') opts.push(`binselect(${binselect})`);
  }
  const mass = str(spec, 'masspoints');
  if (mass && mass !== 'adjust') opts.push(`masspoints(${mass})`);
  return { packages: ['rdrobust'], commands: [`${cmd} ${stataName(requireStr(spec, 'y'))} ${stataName(requireStr(spec, 'x'))}${options(opts)}`] };
}

function rddensity(spec: AnySpec): Body {
  const opts: string[] = [];
  const c = num(spec, 'c');
  if (c !== undefined && c !== 0) opts.push(`c(${c})`);
  const p = num(spec, 'p');
  if (p !== undefined && p !== 2) opts.push(`p(${p})`);
  const h = bw(spec.h);
  if (h) opts.push(`h(${h})`);
  return { packages: ['rddensity', 'lpdensity'], commands: [`rddensity ${stataName(requireStr(spec, 'x'))}${options(opts)}`] };
}

function matchit(spec: AnySpec): Body {
  const notes: string[] = [];
  const { lhs, rhs } = splitFormula(requireStr(spec, 'formula'));
  const treat = stataName(lhs);
  const x = stataTerms(rhs, factorSet(spec), notes);
  const model = (str(spec, 'distance') ?? str(spec, 'link')) === 'probit' ? 'probit' : 'logit';
  const prepare = [`${model} ${treat} ${x.join(' ')}`, 'predict double ps, pr'];
  const method = str(spec, 'method') ?? 'nearest';
  const opts = ['pscore(ps)'];
  const outcome = str(spec, 'outcome');
  if (outcome) opts.push(`outcome(${stataName(outcome)})`);
  const caliper = num(spec, 'caliper');
  if (caliper !== undefined && spec.std_caliper !== false) {
    // MatchIt's caliper is in standard deviations of the score; psmatch2's is in score units.
    prepare.push('quietly summarize ps', `local cal = ${caliper} * r(sd)`);
  }
  const cal = caliper === undefined ? null : spec.std_caliper === false ? String(caliper) : '`cal\'';
  if (method === 'kernel') {
    const kernel = { epanechnikov: 'epan', gaussian: 'normal', biweight: 'biweight', uniform: 'uniform', tricube: 'tricube' }[str(spec, 'kernel') ?? 'epanechnikov'] ?? 'epan';
    opts.push('kernel', `kerneltype(${kernel})`, `bwidth(${num(spec, 'bandwidth') ?? 0.06})`);
  } else if (method === 'radius') {
    opts.push('radius', `caliper(${cal ?? '0.1'})`);
  } else {
    opts.push(`neighbor(${num(spec, 'ratio') ?? 1})`);
    if (spec.replace !== true) opts.push('noreplacement', 'descending');
    if (cal) opts.push(`caliper(${cal})`);
    notes.push("psmatch2 breaks ties between equally distant controls by sort order; Causeway follows MatchIt's documented rule.");
  }
  const discard = str(spec, 'discard');
  if (discard && discard !== 'none') opts.push('common');
  if (outcome) notes.push('psmatch2 reports its own ATT standard error; Causeway regresses the outcome on the matched data with pair-clustered or HC3 SEs (see the R code).');
  return { packages: ['psmatch2'], prepare, commands: [`psmatch2 ${treat}${options(opts)}`], notes };
}

function glm(spec: AnySpec): Body {
  const notes: string[] = [];
  const { lhs, rhs } = splitFormula(requireStr(spec, 'formula'));
  const cmd = (str(spec, 'family') ?? str(spec, 'link')) === 'probit' ? 'probit' : 'logit';
  const v = vcovOf(spec.vcov);
  if (v !== undefined && v !== 'iid' && typeof v === 'string') notes.push(`Stata's vce(robust) scales the sandwich by n / (n - 1); sandwich's ${v === 'hetero' ? 'HC1' : v} scales by ${v === 'HC0' ? '1' : 'n / (n - k)'}, so robust SEs differ slightly.`);
  return { packages: [], commands: [`${cmd} ${stataName(lhs)} ${stataTerms(rhs, factorSet(spec), notes).join(' ')}${options([vceOption(v === 'HC3' ? 'HC1' : v)])}`], notes };
}

function polr(spec: AnySpec): Body {
  const notes: string[] = ['Text categories must be numeric in Stata: encode string variables (encode x, gen(x_n)) with the level order of the spec first.'];
  const { lhs, rhs } = splitFormula(requireStr(spec, 'formula'));
  const all = new Set(splitTop(rhs, '+').map((t) => t.trim()));
  const x = stataTerms(rhs, new Set([...factorSet(spec), ...all]), notes);
  const w = str(spec, 'weights');
  const cmd = str(spec, 'method') === 'probit' ? 'oprobit' : 'ologit';
  return { packages: [], commands: [`${cmd} ${stataName(lhs)} ${x.join(' ')}${w ? ` [fweight = ${stataName(w)}]` : ''}`], notes };
}

function describe(spec: AnySpec): Body {
  const vars = strs(spec, 'variables').map(stataName);
  const by = str(spec, 'by');
  const list = vars.length > 0 ? vars.join(' ') : '_all';
  return { packages: [], commands: [`tabstat ${list}, statistics(n mean sd min p25 p50 p75 max) columns(statistics)${by ? ` by(${stataName(by)})` : ''}`] };
}

const HANDLERS: Record<string, (spec: AnySpec) => Body> = {
  feols,
  did: didBuilder,
  att_gt: attGt,
  did_imputation: didImputation,
  bacon,
  rdrobust: (s) => rd(s, 'rdrobust'),
  rdbwselect: (s) => rd(s, 'rdbwselect'),
  rdplot: (s) => rd(s, 'rdplot'),
  rddensity,
  matchit,
  glm,
  polr,
  describe,
};

export const STATA_MODELS = Object.keys(HANDLERS);

function importData(path: string): string {
  const ext = fileExtension(path);
  if (ext === 'dta') return `use ${stataString(path)}, clear`;
  if (ext === 'sav' || ext === 'zsav') return `import spss using ${stataString(path)}, clear`;
  if (ext === 'xlsx' || ext === 'xls') return `import excel using ${stataString(path)}, firstrow clear`;
  return `import delimited using ${stataString(path)}, clear case(preserve) encoding("utf-8")`;
}

/** Stata code for a spec; throws UserError `codegen_unsupported` where Stata has no equivalent here. */
export function generateStata(specInput: unknown, header = ''): GeneratedCode {
  const spec = asSpec(specInput);
  const handler = HANDLERS[spec.model];
  if (!handler) throw unsupported('Stata', spec.model, 'this model has no Stata generator.');
  const path = str(spec, 'data') ?? 'data.csv';
  const body = handler(spec);
  const lines: string[] = [];
  if (header) lines.push(...header.split('\n').map((l) => `* ${l}`));
  if (body.packages.length > 0) lines.push(`* Needs: ${body.packages.map((p) => `ssc install ${p}`).join('; ')}`);
  lines.push(importData(path));
  const subset = str(spec, 'subset');
  if (subset) {
    lines.push(`* Row filter from Causeway's expression language; check the syntax (& | == !=) for Stata.`);
    lines.push(`keep if ${subset}`);
  }
  lines.push(...(body.prepare ?? []), ...body.commands);
  const notes = body.notes ?? [];
  for (const n of notes) lines.push(`* Note: ${n}`);
  return { language: 'stata', script: `${lines.join('\n')}\n`, call: body.commands.join('\n'), dataName: '', notes };
}
