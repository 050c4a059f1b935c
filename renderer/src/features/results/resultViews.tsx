/**
 * Result views by model: the results page draws a stored result with the component registered
 * for its spec's model, and with GenericResultView (estimates, statistics, notes) otherwise.
 * Adding a view is one entry here.
 */
import type { ComponentType } from 'react';
import type { AnalysisInfo, StoredResult } from '../../../../shared/contract';
import { DidResultView } from '../did/DidResultView';
import { PlaceboResultView } from '../placebo/PlaceboResultView';
import { DddResultView } from '../policy/DddResultView';
import { LagsResultView } from '../policy/LagsResultView';
import { RobustnessResultView } from '../policy/RobustnessResultView';
import { MatchitResultView } from '../psm/MatchitResultView';
import { PsmDidResultView } from '../psm/PsmDidResultView';
import { AttGtResultView } from '../staggered/AttGtResultView';
import { BaconResultView } from '../staggered/BaconResultView';
import { CompareResultView } from '../staggered/CompareResultView';
import { ImputationResultView } from '../staggered/ImputationResultView';
import { rdmechResultViews } from '../rdmech/entries';
import { FitResultView } from './FitResultView';
import { GenericResultView } from './GenericResultView';

/** What a result view may ask the workspace to do. */
export interface ResultActions {
  /** Opens a builder (by its id in app/builders.tsx) seeded with a spec. */
  openBuilder: (builderId: string, spec: unknown) => void;
  /** Shows another saved analysis (a robustness variant's base, say). */
  openAnalysis: (analysisId: string) => void;
  /** Analyses were added or run from the view: the saved-analyses list changes. */
  analysesChanged: () => void;
}

export interface ResultViewProps {
  analysis: AnalysisInfo;
  stored: StoredResult;
  actions: ResultActions;
}

export const resultViews: Readonly<Record<string, ComponentType<ResultViewProps>>> = {
  did: DidResultView,
  feols: FitResultView,
  ddd: DddResultView,
  did_lags: LagsResultView,
  did_robustness: RobustnessResultView,
  placebo: PlaceboResultView,
  matchit: MatchitResultView,
  psm_did: PsmDidResultView,
  att_gt: AttGtResultView,
  did_imputation: ImputationResultView,
  bacon: BaconResultView,
  did_compare: CompareResultView,
  ...rdmechResultViews,
};

export function resultViewFor(model: string): ComponentType<ResultViewProps> {
  return resultViews[model] ?? GenericResultView;
}
