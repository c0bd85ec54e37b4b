/**
 * The batch checks this page started, followed through the project's job list: the newest one that finished (so the
 * page can open its report), and a notification for each — in the app always, on the desktop too when it raised
 * alerts and the user allowed notifications.
 */
import { useEffect, useRef, useState } from 'react';
import { notifications } from '@mantine/notifications';
import type { BatchSummary, Job } from '@contract';
import { useProjectJobs } from '../../components/jobs/useProjectJobs';

function notifyBatch(b: BatchSummary): void {
  const body = `${b.drifted} of ${b.features} features drifted · ${b.rows.toLocaleString('en')} rows checked against ${b.model}`;
  if (b.alerts > 0) {
    const title = `Gyre: ${b.alerts} ${b.alerts === 1 ? 'alert' : 'alerts'} on batch ${b.name}`;
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') new Notification(title, { body });
    notifications.show({ color: 'red', title: title.replace(/^Gyre: /, ''), message: body, autoClose: 10_000 });
  } else {
    notifications.show({ color: 'teal', title: `Batch ${b.name} checked: no alerts`, message: body, autoClose: 5000 });
  }
}

export function useAddedBatches(projectId: string) {
  const [started, setStarted] = useState<string[]>([]);
  const { jobs } = useProjectJobs(projectId);
  const finished = (jobs.data ?? []).filter((j) => started.includes(j.id) && j.status === 'succeeded');
  // jobs.list is newest first: the first finished one is the newest batch.
  const newest = (finished[0]?.result as BatchSummary | undefined) ?? null;
  const told = useRef(new Set<string>());
  useEffect(() => {
    for (const j of finished) {
      if (told.current.has(j.id)) continue;
      told.current.add(j.id);
      notifyBatch(j.result as BatchSummary);
    }
    // Runs at every render (finished is a new array each time); the set makes each notification fire once.
  }, [finished]);
  return { newest, started: (job: Job) => setStarted((ids) => [...ids, job.id]) };
}
