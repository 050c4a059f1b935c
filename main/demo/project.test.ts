/**
 * The demo project: both datasets and every worked example are in it, each example is valid for
 * this build, and the survey's examples run on the stored survey through the same registry the
 * app uses (their recovery of the known truths is tested in survey.test.ts).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analysisSpec } from '../../shared/specs/index';
import { silentContext } from '../engine/context';
import { runAnalysis } from '../engine/registry';
import { ProjectStore } from '../store/project';
import { tempDir } from '../store/testing';
import { SURVEY_ANALYSIS_NAMES, fillDemoProject } from './project';
import { RESPONDENTS_PER_CITY, SURVEY_DATASET_NAME, SURVEY_SPECS, SURVEY_WAVES } from './survey';
import { DEMO_DATASET_NAME, N_CITIES } from './generate';

describe('fillDemoProject', () => {
  const tmp = tempDir('causeway-demo-');
  afterAll(() => tmp.remove());
  const store = ProjectStore.create(join(tmp.dir, 'demo.causeway'), 'demo');
  const t0 = performance.now();
  fillDemoProject(store);
  const seconds = (performance.now() - t0) / 1000;

  it('stores the city panel first and the survey with its labels', () => {
    const datasets = store.listDatasets();
    expect(datasets.map((d) => d.name)).toEqual([DEMO_DATASET_NAME, SURVEY_DATASET_NAME]);
    const survey = store.datasetByName(SURVEY_DATASET_NAME);
    expect(survey.nrow).toBe(N_CITIES * RESPONDENTS_PER_CITY * SURVEY_WAVES.length);
    expect(survey.description).toContain('Synthetic survey');
    expect(survey.columns.find((c) => c.name === 'urban')?.valueLabels).toEqual({ '1': '城镇', '2': '农村' });
    // Creating the demo is a call on the service's thread: it has to stay quick.
    expect(seconds).toBeLessThan(20);
  });

  it('saves the pilot-policy DID last, so it heads the list of newest analyses', () => {
    const analyses = store.listAnalyses();
    const did = analyses.find((a) => a.model === 'did');
    expect(did).toBeDefined();
    for (const a of analyses) if (a !== did) expect(a.updatedAt < (did?.updatedAt ?? '')).toBe(true);
  });

  it('saves one ready-to-run analysis per mechanism builder, named in both languages', () => {
    const analyses = store.listAnalyses();
    for (const [key, name] of Object.entries(SURVEY_ANALYSIS_NAMES)) {
      const a = analyses.find((x) => x.name === name);
      expect(a, key).toBeDefined();
      expect(a?.model).toBe(key);
      expect(a?.dataset).toBe(SURVEY_DATASET_NAME);
      expect(a?.lastRun).toBeNull();
      expect(analysisSpec.parse(a?.spec)).toEqual(analysisSpec.parse(SURVEY_SPECS[key as keyof typeof SURVEY_SPECS]));
    }
  });

  it('runs the moderation example on the stored survey', async () => {
    const frame = store.loadFrame(store.datasetByName(SURVEY_DATASET_NAME).id);
    const spec = analysisSpec.parse(SURVEY_SPECS.moderation);
    if (spec.model !== 'moderation') throw new Error('not a moderation spec');
    const result = await runAnalysis(frame, spec, silentContext);
    expect(result.fit.nobs).toBe(frame.nrow);
    expect(result.coefficients.interaction.estimate as number).toBeLessThan(0);
  });
});
