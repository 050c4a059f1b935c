import type { ReactElement } from 'react';

export interface ProgressBarProps {
  /** In [0, 1]; null when the length of the work is not known yet. */
  fraction: number | null;
  label: string;
}

export function ProgressBar({ fraction, label }: ProgressBarProps): ReactElement {
  const percent = fraction === null ? null : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="progress">
      <div className="progress-label">
        <span>{label}</span>
        {percent === null ? null : <span>{percent}%</span>}
      </div>
      <div
        className={percent === null ? 'progress-track progress-indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div className="progress-fill" style={{ width: `${percent ?? 100}%` }} />
      </div>
    </div>
  );
}
