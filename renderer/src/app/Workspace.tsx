import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalysisInfo, DatasetInfo, ProjectInfo } from '../../../shared/contract';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { AnalysisList } from '../features/analyses/AnalysisList';
import { DataView } from '../features/data/DataView';
import { DatasetList } from '../features/data/DatasetList';
import { ImportDialog } from '../features/data/ImportDialog';
import { ResultsView } from '../features/results/ResultsView';
import type { ResultActions } from '../features/results/resultViews';
import { useApi } from './ApiContext';
import { NewAnalysisMenu } from './NewAnalysisMenu';
import { builderById, builderForModel, builders } from './builders';

export type View = 'data' | 'builder' | 'results';

export interface WorkspaceProps {
  project: ProjectInfo;
}

/** The builder open in the builder tab: its id, the spec it starts from, a key per opening. */
interface BuilderSeed {
  id: string;
  spec: unknown;
  key: number;
}

/** The analysis most recently run, which a reopened project shows first. */
function latestRun(analyses: AnalysisInfo[]): AnalysisInfo | null {
  let best: AnalysisInfo | null = null;
  for (const a of analyses) {
    if (a.lastRun && (!best?.lastRun || a.lastRun.createdAt > best.lastRun.createdAt)) best = a;
  }
  return best;
}

/**
 * An open project: datasets and saved analyses on the left, and the data, builder and results
 * views. The builder tab shows the builder last chosen in the "New analysis" menu (the DID
 * builder at first). A project reopened with results lands on its latest result.
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
  const [builderSeed, setBuilderSeed] = useState<BuilderSeed>({ id: builders[0].id, spec: null, key: 0 });
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
  /** Opens a builder, fresh or from a spec; a new key remounts it with that start. */
  const openBuilder = (id: string, spec: unknown = null): void => {
    setBuilderSeed((seed) => ({ id, spec, key: seed.key + 1 }));
    setView('builder');
  };
  const showAnalysis = (id: string): void => {
    setAnalysisId(id);
    setView('results');
  };
  const actions: ResultActions = { openBuilder, openAnalysis: showAnalysis, analysesChanged: refresh };
  const entry = builderById(builderSeed.id) ?? builders[0];
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
      <DataView
        dataset={dataset}
        datasets={datasets}
        onBuildDid={() => openBuilder('did')}
        onDatasetChanged={(d) => {
          setDatasets((ds) => ds?.map((x) => (x.id === d.id ? d : x)) ?? ds);
          refresh();
        }}
        onDatasetCreated={(d) => {
          setDatasetId(d.id);
          refresh();
        }}
      />
    ) : datasets.length === 0 ? (
      <EmptyState title={t('data.noDatasets')} body={t('data.noDatasetsBody')} action={importAction} />
    ) : (
      <EmptyState title={t('data.datasets')} body={t('data.selectDataset')} />
    );
  } else if (view === 'builder') {
    body =
      datasets.length === 0 ? (
        <EmptyState title={t(entry.labelKey)} body={t('builders.noData')} action={importAction} />
      ) : (
        <entry.Builder
          key={builderSeed.key}
          datasets={datasets}
          initialDataset={dataset?.name ?? null}
          initialSpec={builderSeed.spec}
          onDone={({ analysis }) => {
            // Coming back to the builder shows what was just run, ready to adjust.
            setBuilderSeed((seed) => ({ id: seed.id, spec: analysis.spec, key: seed.key + 1 }));
            showAnalysis(analysis.id);
            refresh();
          }}
        />
      );
  } else {
    body = (
      <ResultsView
        analysisId={analysisId}
        onBuildDid={() => openBuilder('did')}
        editorFor={(model, spec) => {
          const editor = builderForModel(model, spec);
          return editor ? { name: t(editor.labelKey), open: (spec) => openBuilder(editor.id, spec) } : null;
        }}
        actions={actions}
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
          onOpen={showAnalysis}
        />
      </aside>
      <section className="main-pane">
        <nav className="tabs" role="tablist" aria-label={t('header.mainNav')}>
          {(
            [
              { view: 'data', label: t('nav.data') },
              { view: 'builder', label: t(entry.labelKey) },
              { view: 'results', label: t('nav.results') },
            ] as const
          ).map((v) => (
            <button
              key={v.view}
              type="button"
              role="tab"
              aria-selected={view === v.view}
              className={view === v.view ? 'tab tab-selected' : 'tab'}
              onClick={() => setView(v.view)}
            >
              {v.label}
            </button>
          ))}
          <NewAnalysisMenu onChoose={(id) => openBuilder(id)} />
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
