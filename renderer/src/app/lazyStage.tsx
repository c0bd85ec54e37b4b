/**
 * A stage whose code is fetched on demand, drawn without suspending once that code is loaded. React's `lazy` suspends
 * on its first render even when the module is already in memory, and React holds back the content that follows a
 * Suspense fallback for up to 300 ms (its fallback throttle): measured, that held a loaded leaderboard off screen
 * for ~200 ms. Here the loaded module's component is rendered directly; only a stage still loading suspends (and
 * keeps its Suspense boundary for as long as it is shown).
 */
import { lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';

export interface LazyStage<P> {
  /** Fetches the code (at most once); for prefetching while the window is idle. */
  load(): Promise<unknown>;
  Component: ComponentType<P & { fallback: ReactNode }>;
}

export function lazyStage<P extends object>(importer: () => Promise<ComponentType<P>>): LazyStage<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const load = () => {
    loading ??= importer().then((c) => (loaded = c));
    return loading;
  };
  const Lazy = lazy(() => load().then((c) => ({ default: c })));
  function Component({ fallback, ...props }: P & { fallback: ReactNode }) {
    // Chosen once per mount: a stage first drawn through Suspense must stay there, or the render after its code
    // arrives would swap the tree and remount it, losing its state (an open dialog vanished when a job ended).
    const [Loaded] = useState(() => loaded);
    if (Loaded) return <Loaded {...(props as P)} />;
    return (
      <Suspense fallback={fallback}>
        <Lazy {...(props as P & React.JSX.IntrinsicAttributes)} />
      </Suspense>
    );
  }
  return { load, Component };
}
