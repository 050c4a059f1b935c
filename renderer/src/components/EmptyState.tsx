import type { ReactElement, ReactNode } from 'react';

export interface EmptyStateProps {
  title: string;
  body: string;
  /** The next step, usually one primary button. */
  action?: ReactNode;
}

/** What a screen shows before there is anything on it: what it is for and what to do next. */
export function EmptyState({ title, body, action }: EmptyStateProps): ReactElement {
  return (
    <section className="empty-state">
      <h2>{title}</h2>
      <p>{body}</p>
      {action ? <div className="empty-state-action">{action}</div> : null}
    </section>
  );
}
