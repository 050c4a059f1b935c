import type { ReactElement } from 'react';
import type { FigureSpec } from '../../../../shared/specs/figure';
import { CodeButton } from './CodeButton';
import { FigureExportButton } from './FigureExportButton';

export interface PublishActionsProps {
  analysisId: string;
  /** The figures the view draws (the same specs its charts use); none hides "Export figure". */
  figures?: FigureSpec[];
}

/**
 * "Export figure" and "R / Stata code" for a result view's header (docs/ui.md, "Publication
 * output"). Drop it into any result view:
 *   <PublishActions analysisId={analysis.id} figures={[spec]} />
 */
export function PublishActions({ analysisId, figures = [] }: PublishActionsProps): ReactElement {
  return (
    <div className="publish-actions">
      <FigureExportButton figures={figures} />
      <CodeButton analysisId={analysisId} />
    </div>
  );
}
