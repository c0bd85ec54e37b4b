/**
 * The guided tour across every page: offered on first start (TourOffer, on the home page), started from Help (the
 * `gyre:tour` window event), shown as a panel docked by the shell with a ring around the control to use while it runs,
 * a chip while paused, and a closing card when every step is behind. Its state lives in the workspace (tour.*); steps are done when their work exists in the project.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Paper, Stack, Text, Group } from '@mantine/core';
import { useLocation } from 'wouter';
import type { TourState, TourUpdateInput } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { stagePath } from '../../app/paths';
import { TOUR_EVENT } from '../../app/shortcuts';
import { notifyError } from '../notify';
import { TourHighlight, useDialogOpen } from './TourHighlight';
import { TourPanel, TourPill } from './TourPanel';
import { justDone, onStepPages, shownStep, stepPage } from './tourSteps';

interface TourControls {
  state: TourState | null;
  busy: boolean;
  /** Starts (or continues) the tour and opens the page of its step. */
  begin(): void;
  dismiss(): void;
  /** The tour's panel, for the shell to dock beside the page (so it never covers the page's own controls); null when none shows. */
  dock: ReactNode;
}

const TourContext = createContext<TourControls>({ state: null, busy: false, begin: () => undefined, dismiss: () => undefined, dock: null });

export function useTour(): TourControls {
  return useContext(TourContext);
}

export function TourProvider({ children }: { children: ReactNode }) {
  const state = useGyreQuery('tour.state', {});
  const start = useGyreMutation('tour.start');
  const update = useGyreMutation('tour.update');
  const importSample = useGyreMutation('tour.importSample');
  const addBatch = useGyreMutation('tour.addSampleBatch');
  const [location, navigate] = useLocation();
  const [done, setDone] = useState<{ title: string; evidence: string } | null>(null);
  const previous = useRef<TourState | null>(null);
  const refetch = state.refetch;

  const tour = state.data ?? null;
  const shown = tour ? shownStep(tour) : null;

  const goTo = (s: TourState) => {
    const step = shownStep(s);
    if (s.projectId) navigate(stagePath(s.projectId, step ? stepPage(step.step) : 'plan'));
  };
  const begin = () => start.mutate({}, { onSuccess: goTo, onError: (e) => notifyError(e, 'Could not start the tour') });
  const act = (action: TourUpdateInput['action']) => update.mutate({ action }, { onError: (e) => notifyError(e, 'The tour could not do that') });

  // Help → Take the tour (the header menu, the desktop menu).
  useEffect(() => {
    const onTour = () => begin();
    window.addEventListener(TOUR_EVENT, onTour);
    return () => window.removeEventListener(TOUR_EVENT, onTour);
  });

  // "Done: …" for a few seconds when the project's records complete a step.
  useEffect(() => {
    if (!tour) return;
    const finished = justDone(previous.current, tour);
    previous.current = tour;
    if (!finished) return;
    const show = window.setTimeout(() => setDone(finished), 0);
    const hide = window.setTimeout(() => setDone(null), 6000);
    return () => (window.clearTimeout(show), window.clearTimeout(hide));
  }, [tour]);

  // Trying a row is a query (no change event): look again shortly after the learner clicks, while the tour runs.
  useEffect(() => {
    if (tour?.status !== 'running') return;
    let timer = 0;
    const later = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void refetch(), 1500);
    };
    document.addEventListener('pointerup', later, true);
    return () => (document.removeEventListener('pointerup', later, true), window.clearTimeout(timer));
  }, [tour?.status, refetch]);

  const busy = start.isPending || update.isPending || importSample.isPending || addBatch.isPending;
  const onStepPage = !!(tour?.projectId && shown && onStepPages(location, tour.projectId, shown.step));
  const inDialog = useDialogOpen(tour?.status === 'running');
  const sampleAction =
    shown?.step.id === 'data-import'
      ? { label: 'Import the sample file', run: () => importSample.mutate({}, { onError: (e) => notifyError(e, 'Could not import the sample') }) }
      : shown?.step.id === 'monitor-batch'
        ? { label: 'Check the sample batch', run: () => addBatch.mutate({}, { onError: (e) => notifyError(e, 'Could not check the sample batch') }) }
        : null;

  const running = tour?.status === 'running' && shown ? { tour, shown } : null;
  const dock = running ? (
    <TourPanel shown={running.shown} onStepPage={onStepPage} done={done} busy={busy} update={act} goToStep={() => goTo(running.tour)} sampleAction={sampleAction} />
  ) : tour?.status === 'finished' && !done && location.startsWith(`/p/${tour.projectId ?? ''}`) ? (
    <TourFinished onClose={() => act('dismiss')} />
  ) : null;

  return (
    <TourContext.Provider value={{ state: tour, busy, begin, dismiss: () => act('dismiss'), dock }}>
      {children}
      {running && (
        <>
          {/* A dialog covers the docked panel: one line on top says where the tour is. */}
          {inDialog && <TourPill shown={running.shown} />}
          {onStepPage && <TourHighlight step={running.shown.step} inDialog={inDialog} />}
        </>
      )}
      {tour?.status === 'paused' && shown && (
        <Paper withBorder shadow="md" radius="xl" px="md" py={6} style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 300 }}>
          <Group gap="sm">
            <Text size="sm">
              Tour paused at step {shown.number} of {shown.total}
            </Text>
            <Button size="compact-sm" onClick={() => update.mutate({ action: 'resume' }, { onSuccess: goTo })}>
              Resume
            </Button>
          </Group>
        </Paper>
      )}
    </TourContext.Provider>
  );
}

function TourFinished({ onClose }: { onClose(): void }) {
  return (
    <Stack gap="xs" role="region" aria-label="Guided tour">
      <Text fw={700}>You went round the whole cycle</Text>
      <Text size="sm">
        A charter, versioned data, a cleaning recipe, honest baselines, a tuned model evaluated on rows it never saw, a bundle, monitoring that caught
        the drift — and the next iteration already waiting in Train. Your own projects follow the same loop.
      </Text>
      <Group justify="flex-end">
        <Button size="xs" onClick={onClose}>
          Close the tour
        </Button>
      </Group>
    </Stack>
  );
}
