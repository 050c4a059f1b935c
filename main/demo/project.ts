/** Fills a new project with the demo panel and a ready-to-run DID of the pilot policy. */
import { analysisSpec } from '../../shared/specs/index';
import type { ProjectStore } from '../store/project';
import { DEMO_DATASET_NAME, DEMO_DESCRIPTION, POLICY_YEAR, generateDemoPanel } from './generate';

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

export function fillDemoProject(store: ProjectStore): void {
  store.insertDataset(generateDemoPanel(), {
    name: DEMO_DATASET_NAME,
    description: DEMO_DESCRIPTION,
    source: { file: null, format: 'generated', encoding: null, delimiter: null },
  });
  // Offered only when this build has the DID model (the analysis list shows runnable specs).
  const spec = analysisSpec.safeParse(DEMO_DID_SPEC);
  if (spec.success) store.saveAnalysis({ name: '试点政策 DID · Pilot policy DID', spec: spec.data });
}
