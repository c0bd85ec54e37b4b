/**
 * The row being labeled and what can be done to it. The queue comes from the main process; the row on screen is kept
 * until the labeler acts on it, so a ranking that arrives meanwhile (the model trains in the background) never swaps
 * it away mid-read. After an action the next row of the queue already fetched shows at once.
 */
import { useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import type { LabelSession, QueueMode, QueueRow } from '@contract';
import { call } from '../../../api/client';
import { useGyreMutation, useGyreQuery } from '../../../api/queries';
import { notifyError } from '../../../components/notify';

/** Rows fetched ahead: enough to move on at once while the next request is answered. */
const AHEAD = 8;

export function useLabeling(session: LabelSession, labeler: string) {
  const [mode, setModeState] = useState<QueueMode>('unlabeled');
  const queue = useGyreQuery('labels.next', { sessionId: session.id, labeler, mode, limit: AHEAD }, { placeholderData: keepPreviousData });
  // The row on screen once the labeler acted (or asked for one), and rows acted on that the queue may still list.
  const [pinned, setPinned] = useState<QueueRow | null>(null);
  const [done, setDone] = useState<ReadonlySet<number>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const candidates = (queue.data?.rows ?? []).filter((r) => !done.has(r.row));
  const current = pinned ?? candidates[0] ?? null;

  const add = useGyreMutation('labels.add');
  const skip = useGyreMutation('labels.skip');
  const undo = useGyreMutation('labels.undo');

  const moveOn = (row: number) => {
    setDone((d) => new Set(d).add(row));
    setPinned(candidates.find((r) => r.row !== row) ?? null);
    setNotice(null);
  };

  const label = (value: string) => {
    if (!current) return;
    add.mutate({ sessionId: session.id, labeler, row: current.row, label: value }, { onError: (e) => notifyError(e, 'Could not save the label') });
    moveOn(current.row);
  };

  const pass = () => {
    if (!current) return;
    skip.mutate({ sessionId: session.id, labeler, row: current.row }, { onError: (e) => notifyError(e, 'Could not skip the row') });
    moveOn(current.row);
  };

  /** Takes back the labeler's last label or skip and shows that row again. */
  const takeBack = () => {
    undo.mutate(
      { sessionId: session.id, labeler },
      {
        onSuccess: async (action) => {
          const row = await call('labels.row', { sessionId: session.id, row: action.row });
          setDone((d) => {
            const next = new Set(d);
            next.delete(action.row);
            return next;
          });
          setPinned(row);
          setNotice(action.action === 'label' ? `Undone: your label “${action.label}” of row ${action.row + 1}.` : `Undone: your skip of row ${action.row + 1}.`);
        },
        onError: (e) => notifyError(e, 'Nothing undone'),
      },
    );
  };

  const goTo = async (row: number) => {
    try {
      setPinned(await call('labels.row', { sessionId: session.id, row }));
      setNotice(null);
    } catch (e) {
      notifyError(e, 'Could not show that row');
    }
  };

  const setMode = (m: QueueMode) => {
    setModeState(m);
    setPinned(null);
    setNotice(null);
  };

  return { mode, setMode, queue, current, notice, label, pass, takeBack, goTo, undoing: undo.isPending };
}
