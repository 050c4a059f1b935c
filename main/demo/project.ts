/**
 * Fills a new project with the demo panel and a ready-to-run DID of the pilot policy, and the
 * demo survey with one worked analysis per mechanism builder (mediation, moderation,
 * heterogeneity, composite index), each of which recovers the survey's known truth.
 */
import { analysisSpec } from '../../shared/specs/index';
import type { ProjectStore } from '../store/project';
import { DEMO_DATASET_NAME, DEMO_DESCRIPTION, POLICY_YEAR, generateDemoPanel } from './generate';
import { SURVEY_DATASET_NAME, SURVEY_DESCRIPTION, SURVEY_SPECS, generateSurvey } from './survey';

/** The DID a reader of the demo would run: sgi on the pilot policy with controls, city and year FE, clustered by city. */
export const DEMO_DID_SPEC = {
  model: 'did',
  data: DEMO_DATASET_NAME,
  outcome: 'sgi',
  treatment: { kind: 'group', column: 'pilot', policy_time: POLICY_YEAR },
  unit: 'city_id',
  time: 'year',
  controls: ['lgdp_pc', 'internet'],
  cluster: ['city_id'],
  event_study: { leads: 5, lags: 6, ref: -1, endpoints: 'bin' },
} as const;

/** Names of the survey's worked examples in the analysis list. */
export const SURVEY_ANALYSIS_NAMES: Record<keyof typeof SURVEY_SPECS, string> = {
  mediation: '机制：互联网使用 · Mediation via Internet use',
  moderation: '调节：不确定性感知 · Moderation by perceived uncertainty',
  heterogeneity: '异质性：城乡与受教育程度 · Heterogeneity by urban/rural and schooling',
  index: '公共事务参与指数 · Participation index',
};

export function fillDemoProject(store: ProjectStore): void {
  store.insertDataset(generateDemoPanel(), {
    name: DEMO_DATASET_NAME,
    description: DEMO_DESCRIPTION,
    source: { file: null, format: 'generated', encoding: null, delimiter: null },
  });
  // The survey's examples are saved before its rows are generated and stored (a second or two),
  // so the DID, saved last, is the newest analysis and heads the list a new user sees.
  for (const key of Object.keys(SURVEY_SPECS) as (keyof typeof SURVEY_SPECS)[]) {
    const parsed = analysisSpec.safeParse(SURVEY_SPECS[key]);
    if (parsed.success) store.saveAnalysis({ name: SURVEY_ANALYSIS_NAMES[key], spec: parsed.data });
  }
  store.insertDataset(generateSurvey(), {
    name: SURVEY_DATASET_NAME,
    description: SURVEY_DESCRIPTION,
    source: { file: null, format: 'generated', encoding: null, delimiter: null },
  });
  // Offered only when this build has the DID model (the analysis list shows runnable specs).
  const spec = analysisSpec.safeParse(DEMO_DID_SPEC);
  if (spec.success) store.saveAnalysis({ name: '试点政策 DID · Pilot policy DID', spec: spec.data });
}
