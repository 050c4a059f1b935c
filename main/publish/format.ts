/**
 * Number formatting and the fixed words of publication tables in Chinese and English.
 * Labels that come from the data are never translated; only the table's own words are.
 */
import type { StarLevel, TableLanguage } from '../../shared/specs/table';

/** Latin and East Asian faces of exported tables (Word, Excel): Times New Roman and SimSun (宋体). */
export const PUBLICATION_FONTS = { latin: 'Times New Roman', eastAsia: 'SimSun' } as const;

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** The text holds Chinese (CJK ideographs, CJK punctuation or full-width forms). */
export function hasCjk(s: string): boolean {
  return CJK.test(s);
}

/**
 * Fixed decimals, as journals print them; a non-zero value that would print as 0.000 keeps
 * `digits` significant digits instead (e.g. -0.0000718), so a small but real coefficient
 * (earnings in dollars) is not shown as zero. Missing → empty string.
 */
export function formatNumber(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  const fixed = x.toFixed(digits);
  if (x !== 0 && Math.abs(x) < 0.5 * 10 ** -digits) {
    const sig = Math.max(digits, 1);
    const exp = Math.floor(Math.log10(Math.abs(x)));
    // Decimal places that show `sig` significant digits without exponent notation.
    const places = Math.min(20, sig - 1 - exp);
    return x.toFixed(places);
  }
  // "-0.000" reads as a sign error in a table.
  return /^-0\.?0*$/.test(fixed) ? fixed.slice(1) : fixed;
}

/** Whole numbers with thousands separators (N = 2,500). */
export function formatCount(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '';
  return Math.round(x).toLocaleString('en-US');
}

/** The longest star string whose threshold p is below (e.g. p = 0.006 → "***"). */
export function starsFor(p: number | null | undefined, levels: readonly StarLevel[]): string {
  if (p === null || p === undefined || Number.isNaN(p)) return '';
  let best: StarLevel | null = null;
  for (const l of levels) if (p < l.p && (!best || l.p < best.p)) best = l;
  return best ? best.symbol : '';
}

const WORDS = {
  en: {
    yes: 'Yes',
    no: 'No',
    nobs: 'Observations',
    r2: 'R²',
    adj_r2: 'Adjusted R²',
    r2_within: 'Within R²',
    n_clusters: 'Clusters',
    loglik: 'Log likelihood',
    aic: 'AIC',
    n_units: 'Units',
    fe: (name: string) => `${name} FE`,
    variable: 'Variable',
    n: 'N',
    missing: 'Missing',
    mean: 'Mean',
    sd: 'SD',
    min: 'Min',
    p25: 'P25',
    median: 'Median',
    p75: 'P75',
    max: 'Max',
    before: 'Before matching',
    after: 'After matching',
    distance: 'Propensity score',
    se_paren: 'Standard errors in parentheses',
    t_paren: 't statistics in parentheses',
    ci_paren: '95% confidence intervals in brackets',
    clustered: (by: string) => `clustered by ${by}`,
    stars: (parts: string[]) => parts.join(', '),
    starPart: (sym: string, p: number) => `${sym} p < ${p}`,
    and: ' and ',
    dropped: (terms: string, col: string) => `${terms} omitted because of collinearity in ${col}.`,
    corr_note: 'Pearson correlations; p-values from t tests with n − 2 degrees of freedom (pairwise complete observations).',
    smd_note: 'Std. Mean Diff. uses the treated group’s standard deviation in the full sample.',
    se_kind: (kind: string) => kind,
  },
  zh: {
    yes: '是',
    no: '否',
    nobs: '观测值',
    r2: 'R²',
    adj_r2: '调整 R²',
    r2_within: '组内 R²',
    n_clusters: '聚类数',
    loglik: '对数似然',
    aic: 'AIC',
    n_units: '个体数',
    fe: (name: string) => `${name}固定效应`,
    variable: '变量',
    n: '观测值',
    missing: '缺失',
    mean: '均值',
    sd: '标准差',
    min: '最小值',
    p25: '25分位数',
    median: '中位数',
    p75: '75分位数',
    max: '最大值',
    before: '匹配前',
    after: '匹配后',
    distance: '倾向得分',
    se_paren: '括号内为标准误',
    t_paren: '括号内为 t 值',
    ci_paren: '方括号内为 95% 置信区间',
    clustered: (by: string) => `聚类到 ${by} 层面`,
    stars: (parts: string[]) => `${parts.join('、')}`,
    starPart: (sym: string, p: number) => `${sym} 表示 p < ${p}`,
    and: ' 和 ',
    dropped: (terms: string, col: string) => `${col}中 ${terms} 因共线性被删除。`,
    corr_note: 'Pearson 相关系数；p 值来自自由度为 n − 2 的 t 检验（成对完整观测）。',
    smd_note: '标准化均值差以处理组全样本标准差为分母。',
    se_kind: (kind: string) => `标准误：${kind}`,
  },
};

export type Words = (typeof WORDS)['en'];

export function words(lang: TableLanguage): Words {
  return WORDS[lang];
}

/**
 * A readable name for a vcov type as the results store it (fixest's "Clustered (a & b)",
 * "IID", "Heteroskedasticity-robust"; sandwich's "vcovCL(cluster = ~subclass), type HC1",
 * "vcovHC type HC3"; glm's "model-based …").
 */
export function describeVcov(vcovType: string, lang: TableLanguage): string {
  const w = words(lang);
  const fixest = /^Clustered \((.+)\)$/.exec(vcovType);
  const sandwichCl = /vcovCL\(cluster = ~([^)]+)\)/.exec(vcovType);
  const list = fixest ? fixest[1].split(' & ') : sandwichCl ? sandwichCl[1].split('+').map((s) => s.trim()) : null;
  if (list) return w.clustered(list.join(w.and));
  const plain: Record<string, { en: string; zh: string }> = {
    IID: { en: 'conventional (iid)', zh: '常规（同方差）' },
    'Heteroskedasticity-robust': { en: 'heteroskedasticity-robust', zh: '异方差稳健' },
  };
  if (plain[vcovType]) return plain[vcovType][lang];
  const hc = /HC[0-5]/.exec(vcovType);
  if (hc) return lang === 'zh' ? `${hc[0]} 稳健` : `${hc[0]} robust`;
  return vcovType;
}

/** "* p < 0.1, ** p < 0.05, *** p < 0.01" (weakest level first), without final punctuation. */
export function starsLegend(levels: readonly StarLevel[], lang: TableLanguage): string {
  const w = words(lang);
  return w.stars([...levels].sort((a, b) => b.p - a.p).map((l) => w.starPart(l.symbol, l.p)));
}

/** Sentence end in the table's language. */
export function fullStop(lang: TableLanguage): string {
  return lang === 'zh' ? '。' : '.';
}
