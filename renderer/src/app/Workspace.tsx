import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisInfo, DatasetInfo, ProjectInfo } from '../../../shared/contract';
import { didSpec, type DidSpec } from '../../../shared/specs/did';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { AnalysisList } from '../features/analyses/AnalysisList';
import { DataView } from '../features/data/DataView';
import { DatasetList } from '../features/data/DatasetList';
import { ImportDialog } from '../features/data/ImportDialog';
import { DidBuilder } from '../features/did/DidBuilder';
import { ResultsView } from '../features/results/ResultsView';
import { useApi } from './ApiContext';

export type View = 'data' | 'did' | 'results';

export interface WorkspaceProps {
  project: ProjectInfo;
}

const VIEWS: { view: View; label: string }[] = [
  { view: 'data', label: 'nav.data' },
  { view: 'did', label: 'nav.did' },
  { view: 'results', label: 'nav.results' },
];

/** The analysis most recently run, which a reopened project shows first. */
function latestRun(analyses: AnalysisInfo[]): AnalysisInfo | null {
  let best: AnalysisInfo | null = null;
  for (const a of analyses) {
    if (a.lastRun && (!best?.lastRun || a.lastRun.createdAt > best.lastRun.createdAt)) best = a;
  }
  return best;
}

/**
 * An open project: datasets and saved analyses on the left, and the data, DID builder and
 * results views. A project reopened with results lands on its latest result.
 */
export function Workspace({ project }: WorkspaceProps): ReactElement {
  const { t } = useTranslation();
  const api = useApi();
  const [datasets, setDatasets] = useState<DatasetInfo[] | null>(null);
  const [analyses, setAnalyses] = useState<AnalysisInfo[]>([]);
  const [view, setView] = useState<View>('data');
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const [analysisId, setAnalysisId] = useState<string | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  /** A saved DID spec to edit in the builder; the key remounts the builder for each edit. */
  const [builderSeed, setBuilderSeed] = useState<{ spec: DidSpec | null; key: number }>({ spec: null, key: 0 });
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    const [d, a] = await Promise.all([api.call('dataset.list', {}), api.call('analysis.list', {})]);
    setDatasets(d.datasets);
    setAnalyses(a.analyses);
    return { datasets: d.datasets, analyses: a.analyses };
  }, [api]);

  useEffect(() => {
    let live = true;
    load().then(
      (r) => {
        if (!live) return;
        setDatasetId(r.datasets[0]?.id ?? null);
        const latest = latestRun(r.analyses);
        if (latest) {
          setAnalysisId(latest.id);
          setView('results');
        }
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [load, project.path]);

  const refresh = (): void => {
    load().catch((e: unknown) => setError(e));
  };

  const dataset = datasets?.find((d) => d.id === datasetId) ?? null;
  const openImport = (): void => setImportOpen(true);
  const importAction = (
    <button type="button" className="btn btn-primary" onClick={openImport}>
      {t('data.importData')}
    </button>
  );

  let body: ReactElement;
  if (datasets === null) {
    body = <p className="muted">{t('common.loading')}</p>;
  } else if (view === 'data') {
    body = dataset ? (
      <DataView dataset={dataset} onBuildDid={() => setView('did')} />
    ) : datasets.length === 0 ? (
      <EmptyState title={t('data.noDatasets')} body={t('data.noDatasetsBody')} action={importAction} />
    ) : (
      <EmptyState title={t('data.datasets')} body={t('data.selectDataset')} />
    );
  } else if (view === 'did') {
    body =
      datasets.length === 0 ? (
        <EmptyState title={t('did.title')} body={t('did.noData')} action={importAction} />
      ) : (
        <DidBuilder
          key={builderSeed.key}
          datasets={datasets}
          initialDataset={dataset?.name ?? null}
          initialSpec={builderSeed.spec}
          onDone={({ analysis }) => {
            // Coming back to the builder shows what was just run, ready to adjust.
            const ran = didSpec.safeParse(analysis.spec);
            if (ran.success) setBuilderSeed((seed) => ({ spec: ran.data, key: seed.key + 1 }));
            setAnalysisId(analysis.id);
            setView('results');
            refresh();
          }}
        />
      );
  } else {
    body = (
      <ResultsView
        analysisId={analysisId}
        onBuildDid={() => setView('did')}
        onEditDid={(spec) => {
          setBuilderSeed((seed) => ({ spec, key: seed.key + 1 }));
          setView('did');
        }}
        onRan={refresh}
      />
    );
  }

  return (
    <div className="workspace">
      <aside className="sidebar">
        <DatasetList
          datasets={datasets ?? []}
          selectedId={datasetId}
          onSelect={(id) => {
            setDatasetId(id);
            setView('data');
          }}
          onImport={openImport}
        />
        <AnalysisList
          analyses={analyses}
          selectedId={view === 'results' ? analysisId : null}
          onOpen={(id) => {
            setAnalysisId(id);
            setView('results');
          }}
        />
      </aside>
      <section className="main-pane">
        <nav className="tabs" role="tablist" aria-label={t('header.mainNav')}>
          {VIEWS.map((v) => (
            <button
              key={v.view}
              type="button"
              role="tab"
              aria-selected={view === v.view}
              className={view === v.view ? 'tab tab-selected' : 'tab'}
              onClick={() => setView(v.view)}
            >
              {t(v.label)}
            </button>
          ))}
        </nav>
        {error !== null ? <ErrorMessage error={error} onDismiss={() => setError(null)} /> : null}
        <div className="view" role="tabpanel">
          {body}
        </div>
      </section>
      {importOpen ? (
        <ImportDialog
          onClose={() => setImportOpen(false)}
          onImported={(d) => {
            setImportOpen(false);
            setDatasetId(d.id);
            setView('data');
            refresh();
          }}
        />
      ) : null}
    </div>
  );
}
