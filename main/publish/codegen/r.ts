/**
 * Equivalent R code for an analysis spec, written the way the reference packages are called
 * (fixest, did, didimputation, bacondecomp, rdrobust, rddensity, MatchIt, MASS, stats::glm),
 * so a referee can rerun every number. Arguments at their package defaults are left out,
 * except the design choices a reader should see (control group, bootstrap switches).
 */
import type { AnySpec, GeneratedCode, Vcov } from './common';
import { asSpec, dataNameFor, fileExtension, num, RD_KERNELS, requireStr, splitFormula, str, strs, unsupported, vcovOf } from './common';

/** An R string literal. */
export function rString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** A column reference D$x, backquoted where x is not a syntactic R name. */
function col(d: string, name: string): string {
  return /^[A-Za-z.][A-Za-z0-9._]*$/.test(name) ? `${d}$${name}` : `${d}$\`${name.replace(/`/g, '\\`')}\``;
}

function rVector(values: (string | number)[]): string {
  const items = values.map((v) => (typeof v === 'number' ? String(v) : rString(v)));
  return items.length === 1 ? items[0] : `c(${items.join(', ')})`;
}

function oneSided(names: string[]): string {
  return `~${names.join(' + ')}`;
}

interface Body {
  packages: string[];
  /** Statements that derive columns before the estimation. */
  prepare?: string[];
  call: string;
  notes?: string[];
}

/** fixest's vcov / cluster argument. */
function fixestVcov(v: Vcov, model: string): string[] {
  if (v === undefined) return [];
  if (typeof v === 'object') return [`cluster = ${oneSided(v.cluster)}`];
  if (v === 'iid') return ['vcov = "iid"'];
  // fixest's "hetero" is White's estimator with the n / (n - k) correction, i.e. HC1.
  if (v === 'hetero' || v === 'HC1') return ['vcov = "hetero"'];
  throw unsupported('R', model, `fixest has no ${v} variance estimator.`);
}

/** A sandwich estimator for an lm / glm fit named `fit`. */
function sandwichVcov(v: Exclude<Vcov, undefined | 'iid'>): string {
  if (typeof v === 'object') return `sandwich::vcovCL(fit, cluster = ${oneSided(v.cluster)})`;
  const type = v === 'hetero' ? 'HC1' : v;
  return `sandwich::vcovHC(fit, type = ${rString(type)})`;
}

/** fixest's ssc() for the spec's small-sample settings (null = fixest's defaults). */
function fixestSsc(ssc: unknown): string | null {
  if (ssc === undefined || ssc === 'fixest') return null;
  // Causeway's reghdfe preset: fixest's defaults with the fixed-effect parameters counted exactly.
  if (ssc === 'reghdfe') return 'ssc(fixef.force_exact = TRUE)';
  const o = ssc as Record<string, unknown>;
  const parts: string[] = [];
  const lit = (v: unknown): string => (typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : typeof v === 'number' ? String(v) : rString(String(v)));
  for (const [key, arg] of [
    ['adj', 'adj'],
    ['fixef_K', 'fixef.K'],
    ['fixef_force_exact', 'fixef.force_exact'],
    ['cluster_adj', 'cluster.adj'],
    ['cluster_df', 'cluster.df'],
    ['t_df', 't.df'],
  ] as const) {
    if (o[key] !== undefined) parts.push(`${arg} = ${lit(o[key])}`);
  }
  return parts.length > 0 ? `ssc(${parts.join(', ')})` : null;
}

function feols(spec: AnySpec, d: string): Body {
  const formula = requireStr(spec, 'formula');
  const args = [formula, `data = ${d}`];
  const w = str(spec, 'weights');
  if (w) args.push(`weights = ~${w}`);
  args.push(...fixestVcov(vcovOf(spec.vcov), 'feols'));
  const ssc = fixestSsc(spec.ssc);
  if (ssc) args.push(`ssc = ${ssc}`);
  for (const [key, arg] of [
    ['fixef_tol', 'fixef.tol'],
    ['fixef_iter', 'fixef.iter'],
    ['collin_tol', 'collin.tol'],
  ] as const) {
    const v = num(spec, key);
    if (v !== undefined) args.push(`${arg} = ${v}`);
  }
  if (str(spec, 'fixef_rm') === 'singleton') args.push('fixef.rm = "singleton"');
  const notes = str(spec, 'p_dist') === 'normal' ? ['Causeway uses normal p-values here; in R use summary(fit, t.df = Inf) or compare z statistics.'] : [];
  const call = `feols(${args.join(', ')})`;
  // sunab() display: one ATT, per cohort, or every cohort x period coefficient (fixest's summary(agg =)).
  const agg = spec.agg;
  if (agg === 'ATT' || agg === 'cohort') return { packages: ['fixest'], call: `summary(${call}, agg = ${rString(agg)})`, notes };
  if (agg === false) return { packages: ['fixest'], call: `summary(${call}, agg = FALSE)`, notes };
  return { packages: ['fixest'], call, notes };
}

/** The DID builder's `exclude` as row filters: units, periods, values of other columns. */
function excludeRows(spec: AnySpec, d: string, unit: string, time: string): string[] {
  const ex = spec.exclude as { units?: (string | number)[]; times?: number[]; values?: { column: string; values: (string | number)[] }[] } | undefined;
  if (!ex) return [];
  const rules: [string, (string | number)[]][] = [];
  if (ex.units) rules.push([unit, ex.units]);
  if (ex.times) rules.push([time, ex.times]);
  for (const v of ex.values ?? []) rules.push([v.column, v.values]);
  return rules.map(([c, values]) => `${d} <- ${d}[!(${col(d, c)} %in% ${rVector(values)}), ]`);
}

/**
 * The DID builder's `winsorize`: cut at Stata's percentiles (R's quantile type 2, as winsor2),
 * pooled or within each period, on the rows left after the exclusions.
 */
function winsorizeLines(spec: AnySpec, d: string, time: string): string[] {
  const w = spec.winsorize as { columns?: string[]; lower?: number; upper?: number; by_time?: boolean } | undefined;
  if (!w) return [];
  const lo = (w.lower ?? 1) / 100;
  const hi = (w.upper ?? 99) / 100;
  const cols = w.columns ?? [requireStr(spec, 'outcome')];
  const lines = [`winsor <- function(x) { q <- quantile(x, c(${lo}, ${hi}), type = 2, na.rm = TRUE); pmin(pmax(x, q[1]), q[2]) }`];
  for (const c of cols) lines.push(w.by_time ? `${col(d, c)} <- ave(${col(d, c)}, ${col(d, time)}, FUN = winsor)` : `${col(d, c)} <- winsor(${col(d, c)})`);
  return lines;
}

/** The DID builder: the treatment dummy and event time built as the engine builds them, then feols. */
function didBuilder(spec: AnySpec, d: string): Body {
  const outcome = requireStr(spec, 'outcome');
  const unit = requireStr(spec, 'unit');
  const time = requireStr(spec, 'time');
  const t = (spec.treatment ?? {}) as { kind?: string; column?: string; ids?: (string | number)[]; policy_time?: number };
  const prepare: string[] = [];
  const notes: string[] = [];
  let treatVar = 'treat_post';
  let everTreated: string | null = null;
  let firstPeriod: string | null = null;
  switch (t.kind) {
    case 'column':
      treatVar = t.column as string;
      break;
    case 'ids':
      everTreated = `${col(d, unit)} %in% ${rVector(t.ids ?? [])}`;
      firstPeriod = String(t.policy_time);
      break;
    case 'group':
      everTreated = `${col(d, t.column as string)} == 1`;
      firstPeriod = String(t.policy_time);
      break;
    case 'first_treat':
      everTreated = `!is.na(${col(d, t.column as string)}) & ${col(d, t.column as string)} > 0`;
      firstPeriod = col(d, t.column as string);
      break;
    default:
      throw unsupported('R', 'did', 'the treatment definition is missing.');
  }
  prepare.push(...excludeRows(spec, d, unit, time));
  prepare.push(...winsorizeLines(spec, d, time));
  if (everTreated && firstPeriod) prepare.push(`${d}$treat_post <- as.integer(${everTreated} & ${col(d, time)} >= ${firstPeriod})`);
  // Unit-specific linear trends are fixest's i(unit, time): one slope per unit.
  const controls = [...strs(spec, 'controls'), ...(spec.unit_trends === true ? [`i(${unit}, ${time})`] : [])];
  const fes = Array.isArray(spec.fixed_effects) ? strs(spec, 'fixed_effects') : [unit, time];
  const clusters = Array.isArray(spec.cluster) ? strs(spec, 'cluster') : [unit];
  // As the DID builder: clustered by the unit unless told otherwise, heteroskedasticity-robust without clusters.
  const vcov: Vcov = clusters.length > 0 ? { cluster: clusters } : (str(spec, 'vcov') ?? 'hetero');
  const w = str(spec, 'weights');
  const tail = [`data = ${d}`, ...(w ? [`weights = ~${w}`] : []), ...fixestVcov(vcov, 'did')];
  const fe = fes.length > 0 ? ` | ${fes.join(' + ')}` : '';
  const calls = [`feols(${outcome} ~ ${[treatVar, ...controls].join(' + ')}${fe}, ${tail.join(', ')})`];
  const es = spec.event_study as { leads?: number; lags?: number; ref?: number; endpoints?: string } | null | undefined;
  if (es) {
    if (!everTreated || !firstPeriod) {
      notes.push('The event study needs the treatment timing (treated units and policy time); with a ready-made treatment column only the TWFE estimate is generated.');
    } else {
      const leads = es.leads ?? 4;
      const lags = es.lags ?? 3;
      const ref = es.ref ?? -1;
      // Never-treated units get event time -1000 and join the reference (fixest's i() with two refs).
      prepare.push(`${d}$rel_time <- ifelse(${everTreated}, ${col(d, time)} - ${firstPeriod}, -1000)`);
      let esData = d;
      if ((es.endpoints ?? 'bin') === 'bin') {
        prepare.push(`${d}$rel_time <- ifelse(${d}$rel_time == -1000, -1000, pmin(pmax(${d}$rel_time, -${leads}), ${lags}))`);
      } else {
        esData = `${d}_es`;
        prepare.push(`${esData} <- subset(${d}, rel_time == -1000 | (rel_time >= -${leads} & rel_time <= ${lags}))`);
      }
      const esTail = [`data = ${esData}`, ...tail.slice(1)];
      calls.push(`feols(${outcome} ~ ${[`i(rel_time, ref = c(${ref}, -1000))`, ...controls].join(' + ')}${fe}, ${esTail.join(', ')})`);
    }
  }
  return { packages: ['fixest'], prepare, call: calls.join('\n'), notes };
}

/**
 * "y ~ x | fe1 + fe2" (fixed effects as dummies, Causeway's glm and polr) as a formula R's
 * glm and polr accept: y ~ x + factor(fe1) + factor(fe2).
 */
function dummyFixedEffects(formula: string): string {
  const parts = formula.split('|');
  if (parts.length < 2) return formula;
  const fes = parts[1]
    .split('+')
    .map((f) => f.trim())
    .filter((f) => f !== '' && f !== '0');
  return [parts[0].trim(), ...fes.map((f) => `factor(${f.replace(/\^/g, ':')})`)].join(' + ');
}

/** R's defaults of glm.control. */
const GLM_EPSILON = 1e-8;
const GLM_MAXIT = 25;

function glm(spec: AnySpec, d: string): Body {
  const formula = dummyFixedEffects(requireStr(spec, 'formula'));
  const link = str(spec, 'family') ?? str(spec, 'link') ?? 'logit';
  const args = [formula, `data = ${d}`, `family = binomial(link = ${rString(link)})`];
  const w = str(spec, 'weights');
  if (w) args.push(`weights = ${w}`);
  const epsilon = num(spec, 'epsilon');
  const maxit = num(spec, 'maxit');
  if (epsilon === undefined && maxit === undefined) {
    // Causeway iterates to the exact MLE; this control makes R converge as far.
    args.push('control = glm.control(epsilon = 1e-14, maxit = 100)');
  } else if ((epsilon ?? GLM_EPSILON) !== GLM_EPSILON || (maxit ?? GLM_MAXIT) !== GLM_MAXIT) {
    args.push(`control = glm.control(epsilon = ${epsilon ?? GLM_EPSILON}, maxit = ${maxit ?? GLM_MAXIT})`);
  }
  const notes = spec.ame === true ? ['Average marginal effects: marginaleffects::avg_slopes(fit) gives the same delta-method SEs.'] : [];
  const fit = `glm(${args.join(', ')})`;
  const v = vcovOf(spec.vcov);
  if (v === undefined || v === 'iid') return { packages: [], call: fit, notes };
  return { packages: ['lmtest', 'sandwich'], call: `fit <- ${fit}; lmtest::coeftest(fit, vcov. = ${sandwichVcov(v)})`, notes };
}

function polr(spec: AnySpec, d: string): Body {
  const args = [dummyFixedEffects(requireStr(spec, 'formula'))];
  const w = str(spec, 'weights');
  if (w) args.push(`weights = ${w}`);
  // Causeway maximises to the exact MLE (Newton); R's optim stops ~1e-7 earlier unless told otherwise.
  args.push(`data = ${d}`, 'Hess = TRUE', `method = ${rString(str(spec, 'method') ?? 'logistic')}`, 'control = list(reltol = 1e-14, maxit = 1000)');
  return { packages: ['MASS'], call: `polr(${args.join(', ')})` };
}

function attGt(spec: AnySpec, d: string): Body {
  const args = ['yname', 'tname', 'idname', 'gname'].map((k) => `${k} = ${rString(requireStr(spec, k))}`);
  args.push(`data = ${d}`);
  const x = str(spec, 'xformla');
  const hasCovariates = x !== undefined && x.replace(/\s/g, '') !== '~1';
  if (hasCovariates) {
    args.push(`xformla = ${x.replace(/\s+/g, ' ').replace(/~ /, '~')}`);
    // Without covariates dr, ipw and reg are the same estimator, so the method is named only with them.
    args.push(`est_method = ${rString(str(spec, 'est_method') ?? 'dr')}`);
  }
  args.push(`control_group = ${rString(str(spec, 'control_group') ?? 'nevertreated')}`);
  const anticipation = num(spec, 'anticipation');
  if (anticipation) args.push(`anticipation = ${anticipation}`);
  if (str(spec, 'base_period') === 'universal') args.push('base_period = "universal"');
  const alp = num(spec, 'alp');
  if (alp !== undefined && alp !== 0.05) args.push(`alp = ${alp}`);
  const boot = spec.bstrap === true;
  const bootArgs = boot ? [`bstrap = TRUE`, `biters = ${num(spec, 'biters') ?? 1000}`, `cband = ${spec.cband === true ? 'TRUE' : 'FALSE'}`] : ['bstrap = FALSE', 'cband = FALSE'];
  const notes = boot ? ["R's bootstrap draws come from R's own random-number stream, so bootstrap SEs and bands differ from Causeway's in the last digits."] : [];
  const inner = `att_gt(${[...args, ...bootArgs].join(', ')})`;
  const type = str(spec, 'aggte');
  if (!type) return { packages: ['did'], call: inner, notes };
  const agg = [inner, `type = ${rString(type)}`];
  for (const k of ['min_e', 'max_e', 'balance_e'] as const) {
    const v = num(spec, k);
    if (v !== undefined) agg.push(`${k} = ${v}`);
  }
  if (spec.na_rm === true) agg.push('na.rm = TRUE');
  agg.push(...bootArgs);
  return { packages: ['did'], call: `aggte(${agg.join(', ')})`, notes };
}

/**
 * The staggered-adoption comparison: each selected estimator's event study, as the engine runs
 * them (TWFE with never-treated units as a second reference, CS dynamic aggregation, Sun–Abraham
 * by relative period, imputation horizons with pre-trends), clustered by unit.
 */
function didCompare(spec: AnySpec, d: string): Body {
  const [y, t, id, g] = ['yname', 'tname', 'idname', 'gname'].map((k) => requireStr(spec, k));
  const estimators = strs(spec, 'estimators');
  const chosen = estimators.length > 0 ? estimators : ['twfe', 'cs', 'sa', 'imputation'];
  const prepare: string[] = [];
  const calls: string[] = [];
  const packages = new Set<string>();
  const notes: string[] = [];
  const level = num(spec, 'alp');
  const levelArg = level !== undefined && level !== 0.05 ? `, level = ${1 - level}` : '';
  if (chosen.includes('twfe')) {
    packages.add('fixest');
    prepare.push(`${d}$rel_time <- ifelse(!is.na(${col(d, g)}) & ${col(d, g)} > 0, ${col(d, t)} - ${col(d, g)}, -1000)`);
    calls.push(`es_twfe <- feols(${y} ~ i(rel_time, ref = c(-1, -1000)) | ${id} + ${t}, data = ${d}, cluster = ~${id}${levelArg})`);
    notes.push('Without never-treated units Causeway uses the earliest relative period as the second reference instead of -1000.');
  }
  if (chosen.includes('cs')) {
    packages.add('did');
    // The compare spec's min_e / max_e only crop the display; the aggregation uses every event time.
    const cs = attGt({ ...spec, model: 'att_gt', aggte: 'dynamic', base_period: str(spec, 'base_period') ?? 'universal', min_e: undefined, max_e: undefined }, d);
    calls.push(`es_cs <- ${cs.call}`);
  }
  if (chosen.includes('sa')) {
    packages.add('fixest');
    calls.push(`es_sa <- feols(${y} ~ sunab(${g}, ${t}) | ${id} + ${t}, data = ${d}, cluster = ~${id}${levelArg})`);
  }
  if (chosen.includes('imputation')) {
    packages.add('didimputation');
    const imp = didImputation({ ...spec, model: 'did_imputation', horizon: true, pretrends: true }, d);
    calls.push(imp.call.replace(/r <- did_imputation\(/, 'es_bjs <- did_imputation(').replace(/; r$/, ''));
  }
  return { packages: [...packages], prepare, call: calls.join('\n'), notes };
}

function didImputation(spec: AnySpec, d: string): Body {
  const args = [`data = ${d}`, ...['yname', 'gname', 'tname', 'idname'].map((k) => `${k} = ${rString(requireStr(spec, k))}`)];
  const h = spec.horizon;
  if (h === true) args.push('horizon = TRUE');
  else if (Array.isArray(h)) args.push(`horizon = ${rVector(h as number[])}`);
  const pre = spec.pretrends;
  if (pre === true) args.push('pretrends = TRUE');
  else if (Array.isArray(pre)) args.push(`pretrends = ${pre[0]}:${pre[1]}`);
  const cl = str(spec, 'cluster_var');
  if (cl) args.push(`cluster_var = ${rString(cl)}`);
  // Causeway solves the fixed effects exactly; did_imputation's fixest demeaning stops at 1e-6
  // (up to 1e-7 in the results) unless the tolerance is tightened for the call.
  return {
    packages: ['didimputation', 'fixest'],
    call: `setFixest_estimation(fixef.tol = 1e-11); r <- did_imputation(${args.join(', ')}); setFixest_estimation(reset = TRUE); r`,
  };
}

function bacon(spec: AnySpec, d: string): Body {
  return {
    packages: ['bacondecomp'],
    call: `bacon(${requireStr(spec, 'formula')}, data = ${d}, id_var = ${rString(requireStr(spec, 'id_var'))}, time_var = ${rString(requireStr(spec, 'time_var'))})`,
  };
}

function bandwidth(v: unknown): string | null {
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `c(${v.join(', ')})`;
  if (v && typeof v === 'object') {
    const lr = v as { left: number; right: number };
    return `c(${lr.left}, ${lr.right})`;
  }
  return null;
}

/** y/x/c … arguments shared by rdrobust, rdbwselect and rdplot, in rdrobust's order, defaults left out. */
function rdArgs(spec: AnySpec, d: string, fn: 'rdrobust' | 'rdbwselect' | 'rdplot'): string[] {
  if (spec.time !== undefined || !str(spec, 'x')) throw unsupported('R', spec.model, 'the running variable is built from a date (RD in time); build it as a column first and run the design on it.');
  const args = [`y = ${col(d, requireStr(spec, 'y'))}`, `x = ${col(d, requireStr(spec, 'x'))}`];
  const c = num(spec, 'c');
  if (c !== undefined && c !== 0) args.push(`c = ${c}`);
  const fuzzy = str(spec, 'fuzzy');
  if (fuzzy) args.push(`fuzzy = ${col(d, fuzzy)}`);
  const p = num(spec, 'p');
  const defaultP = fn === 'rdplot' ? 4 : 1;
  if (p !== undefined && p !== defaultP) args.push(`p = ${p}`);
  const q = num(spec, 'q');
  if (q !== undefined && fn !== 'rdplot' && q !== (p ?? 1) + 1) args.push(`q = ${q}`);
  for (const k of ['h', 'b'] as const) {
    const bw = bandwidth(spec[k]);
    if (bw) args.push(`${k} = ${bw}`);
  }
  const rho = num(spec, 'rho');
  if (rho !== undefined) args.push(`rho = ${rho}`);
  const cluster = str(spec, 'cluster');
  if (cluster) args.push(`cluster = ${col(d, cluster)}`);
  const covs = strs(spec, 'covs');
  if (covs.length > 0) args.push(`covs = cbind(${covs.map((v) => col(d, v)).join(', ')})`);
  if (spec.covs_drop === false) args.push('covs_drop = FALSE');
  const kernel = RD_KERNELS[str(spec, 'kernel') ?? ''] ?? null;
  const defaultKernel = fn === 'rdplot' ? 'uniform' : 'triangular';
  if (kernel && kernel !== defaultKernel) args.push(`kernel = ${rString(kernel)}`);
  const w = str(spec, 'weights');
  if (w) args.push(`weights = ${col(d, w)}`);
  if (fn !== 'rdplot') {
    const bws = str(spec, 'bwselect');
    if (bws && bws !== 'mserd') args.push(`bwselect = ${rString(bws)}`);
    const vce = str(spec, 'vce');
    // With a cluster rdrobust 4 turns the default nn into cr1, so both are left implicit then.
    const implicit = vce === undefined || vce === 'nn' || (cluster !== undefined && vce === 'cr1');
    if (!implicit) args.push(`vce = ${rString(vce)}`);
    const nn = num(spec, 'nnmatch');
    if (nn !== undefined && nn !== 3) args.push(`nnmatch = ${nn}`);
    const level = num(spec, 'level');
    if (level !== undefined && level !== 95) args.push(`level = ${level}`);
    const regul = num(spec, 'scaleregul');
    if (regul !== undefined && regul !== 1) args.push(`scaleregul = ${regul}`);
    if (spec.sharpbw === true) args.push('sharpbw = TRUE');
    if (spec.all === true) args.push('all = TRUE');
    const bwcheck = num(spec, 'bwcheck');
    if (bwcheck !== undefined) args.push(`bwcheck = ${bwcheck}`);
    if (spec.bwrestrict === false) args.push('bwrestrict = FALSE');
  } else {
    const nbins = spec.nbins;
    if (typeof nbins === 'number' || Array.isArray(nbins)) args.push(`nbins = ${bandwidth(nbins)}`);
    const binselect = str(spec, 'binselect');
    if (binselect && binselect !== 'esmv') args.push(`binselect = ${rString(binselect)}`);
    const ci = num(spec, 'ci');
    if (ci !== undefined && ci !== 95) args.push(`ci = ${ci}`);
  }
  const mass = str(spec, 'masspoints');
  if (mass && mass !== 'adjust') args.push(`masspoints = ${rString(mass)}`);
  return args;
}

function rd(spec: AnySpec, d: string, fn: 'rdrobust' | 'rdbwselect' | 'rdplot'): Body {
  return { packages: ['rdrobust'], call: `${fn}(${rdArgs(spec, d, fn).join(', ')})` };
}

function rddensity(spec: AnySpec, d: string): Body {
  if (spec.time !== undefined || !str(spec, 'x')) throw unsupported('R', spec.model, 'the running variable is built from a date (RD in time); build it as a column first.');
  const args = [`X = ${col(d, requireStr(spec, 'x'))}`];
  const c = num(spec, 'c');
  if (c !== undefined && c !== 0) args.push(`c = ${c}`);
  const p = num(spec, 'p');
  if (p !== undefined && p !== 2) args.push(`p = ${p}`);
  const q = num(spec, 'q');
  if (q !== undefined && q !== (p ?? 2) + 1) args.push(`q = ${q}`);
  const h = bandwidth(spec.h);
  if (h) args.push(`h = ${h}`);
  for (const [k, def] of [
    ['fitselect', 'unrestricted'],
    ['kernel', 'triangular'],
    ['vce', 'jackknife'],
    ['bwselect', 'comb'],
  ] as const) {
    const v = str(spec, k);
    if (v && v !== def) args.push(`${k} = ${rString(v)}`);
  }
  if (spec.massPoints === false) args.push('massPoints = FALSE');
  if (spec.all === true) args.push('all = TRUE');
  if (spec.regularize === false) args.push('regularize = FALSE');
  const level = num(spec, 'level');
  if (level !== undefined && level !== 95) args.push(`level = ${level}`);
  return { packages: ['rddensity'], call: `rddensity(${args.join(', ')})` };
}

/** MatchIt nearest-neighbour matching, then the outcome regression on the matched data if an outcome is set. */
function matchit(spec: AnySpec, d: string): Body {
  const method = str(spec, 'method') ?? 'nearest';
  if (method !== 'nearest') throw unsupported('R', spec.model, `${method} matching follows psmatch2 (Stata), which MatchIt does not implement; see the Stata code.`);
  const formula = requireStr(spec, 'formula');
  const args = [formula, `data = ${d}`, 'method = "nearest"', 'distance = "glm"'];
  const notes = ["MatchIt >= 4.5.4 applies the documented nearest-neighbour rule Causeway uses; MatchIt 4.5.1 picks the nearest control with a lower or equal score and ignores the caliper."];
  if ((str(spec, 'distance') ?? str(spec, 'link')) === 'probit') args.push('link = "probit"');
  if (spec.replace === true) args.push('replace = TRUE');
  const ratio = num(spec, 'ratio');
  if (ratio !== undefined && ratio !== 1) args.push(`ratio = ${ratio}`);
  const caliper = num(spec, 'caliper');
  if (caliper !== undefined) args.push(`caliper = ${caliper}`);
  if (caliper !== undefined && spec.std_caliper === false) args.push('std.caliper = FALSE');
  const order = str(spec, 'm_order');
  if (order && order !== 'largest') args.push(`m.order = ${rString(order)}`);
  const discard = str(spec, 'discard');
  if (discard && discard !== 'none') args.push(`discard = ${rString(discard)}`);
  if (order === 'random') notes.push("m.order = \"random\" draws from R's random-number stream, so the matches differ from Causeway's seeded draws.");
  if (str(spec, 'ps_fit') === 'exact') notes.push('Causeway fitted the score to the exact MLE (ps_fit = "exact"); MatchIt stops at glm\'s default tolerance, which can change tied matches.');
  const m = `matchit(${args.join(', ')})`;
  const outcome = str(spec, 'outcome');
  if (!outcome) return { packages: ['MatchIt'], call: m, notes };
  const { lhs: treat, rhs: covariates } = splitFormula(formula);
  const replace = spec.replace === true;
  // MatchIt's guidance: pair-clustered SEs, by pair and unit with replacement (get_matches rows).
  const attVcov = str(spec, 'att_vcov') ?? 'auto';
  const kind = attVcov === 'auto' ? (replace ? 'pair_id' : 'pair') : attVcov;
  const perPair = replace && (kind === 'pair' || kind === 'pair_id');
  const md = perPair ? 'gm' : 'md';
  const rhs = spec.att_covariates === true ? `${treat} + ${covariates}` : treat;
  const fit = `${md} <- ${perPair ? 'get_matches' : 'match.data'}(${m}); fit <- lm(${outcome} ~ ${rhs}, data = ${md}, weights = weights)`;
  const vcov = kind === 'pair' ? 'sandwich::vcovCL(fit, cluster = ~subclass)' : kind === 'pair_id' ? 'sandwich::vcovCL(fit, cluster = ~subclass + id)' : kind === 'HC3' ? 'sandwich::vcovHC(fit, type = "HC3")' : null;
  return { packages: ['MatchIt', 'lmtest', 'sandwich'], call: vcov ? `${fit}; lmtest::coeftest(fit, vcov. = ${vcov})` : `${fit}; lmtest::coeftest(fit)`, notes };
}

function describe(spec: AnySpec, d: string): Body {
  const vars = strs(spec, 'variables');
  const sel = vars.length > 0 ? `${d}[, ${rVector(vars)}, drop = FALSE]` : d;
  const by = str(spec, 'by');
  return { packages: [], call: by ? `by(${sel}, ${col(d, by)}, summary)` : `summary(${sel})` };
}

const HANDLERS: Record<string, (spec: AnySpec, d: string) => Body> = {
  feols,
  did: didBuilder,
  glm,
  polr,
  att_gt: attGt,
  did_imputation: didImputation,
  did_compare: didCompare,
  bacon,
  rdrobust: (s, d) => rd(s, d, 'rdrobust'),
  rdbwselect: (s, d) => rd(s, d, 'rdbwselect'),
  rdplot: (s, d) => rd(s, d, 'rdplot'),
  rddensity,
  matchit,
  describe,
};

export const R_MODELS = Object.keys(HANDLERS);

function readData(d: string, path: string): { pkg: string | null; line: string } {
  const ext = fileExtension(path);
  if (ext === 'dta') return { pkg: 'haven', line: `${d} <- as.data.frame(haven::read_dta(${rString(path)}))` };
  if (ext === 'sav' || ext === 'zsav') return { pkg: 'haven', line: `${d} <- as.data.frame(haven::read_sav(${rString(path)}))` };
  if (ext === 'xlsx' || ext === 'xls') return { pkg: 'readxl', line: `${d} <- as.data.frame(readxl::read_excel(${rString(path)}))` };
  return { pkg: null, line: `${d} <- read.csv(${rString(path)})` };
}

/** R code for a spec; throws UserError `codegen_unsupported` for a model without an R equivalent here. */
export function generateR(specInput: unknown, header = ''): GeneratedCode {
  const spec = asSpec(specInput);
  const handler = HANDLERS[spec.model];
  if (!handler) throw unsupported('R', spec.model, 'this model has no R generator.');
  const path = str(spec, 'data') ?? 'data.csv';
  const d = dataNameFor(path);
  const body = handler(spec, d);
  const read = readData(d, path);
  const lines: string[] = [];
  if (header) lines.push(...header.split('\n').map((l) => `# ${l}`));
  for (const p of body.packages) lines.push(`library(${p})`);
  if (read.pkg) lines.push(`# install.packages("${read.pkg}") if needed`);
  lines.push(read.line);
  const levels = spec.levels;
  if (levels && typeof levels === 'object') {
    for (const [name, order] of Object.entries(levels as Record<string, string[]>)) lines.push(`${col(d, name)} <- factor(${col(d, name)}, levels = ${`c(${order.map(rString).join(', ')})`})`);
  }
  const subset = str(spec, 'subset');
  if (subset) lines.push(`${d} <- subset(${d}, ${subset})`);
  lines.push(...(body.prepare ?? []));
  lines.push(body.call);
  const notes = body.notes ?? [];
  for (const n of notes) lines.push(`# Note: ${n}`);
  return { language: 'r', script: `${lines.join('\n')}\n`, call: body.call, dataName: d, notes };
}
