/** The project dashboard's facts: the production model and its latest batch, open alerts, and the last activity. */
import type { Database } from 'better-sqlite3';
import type { ProjectOverview } from '../contract/monitor';
import { JobStore } from './jobs-store';
import type { MonitorStore } from './monitor-store';
import type { ModelRegistry } from './registry';

const ACTIVITY = 12;

export function projectOverview(db: Database, store: MonitorStore, registry: ModelRegistry, projectId: string): ProjectOverview {
  const models = registry.list(projectId).filter((m) => m.production !== null);
  const promoted = (versionId: string) =>
    (db.prepare("SELECT max(at) FROM model_events WHERE version_id = ? AND action = 'stage' AND to_stage = 'production'").pluck().get(versionId) as string | null) ?? null;
  const candidates = models.map((m) => {
    const v = m.versions.find((x) => x.version === m.production)!;
    return { model: `${m.name}@${v.version}`, versionId: v.id, since: promoted(v.id) };
  });
  // Several models may each have a production version: the one promoted last leads the dashboard.
  const production = candidates.sort((a, b) => (b.since ?? '').localeCompare(a.since ?? ''))[0] ?? null;
  const latestBatch = production ? (store.batches(projectId, production.versionId)[0] ?? null) : null;
  const counts = db.prepare("SELECT status, count(*) AS n FROM monitor_alerts WHERE project_id = ? AND status != 'resolved' GROUP BY status").all(projectId) as { status: string; n: number }[];
  const count = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;

  const jobs = new JobStore(db).list(projectId, ACTIVITY * 2).filter((j) => j.finishedAt && (j.status === 'succeeded' || j.status === 'failed'));
  const alerts = db.prepare('SELECT created_at AS at, title FROM monitor_alerts WHERE project_id = ? ORDER BY created_at DESC LIMIT ?').all(projectId, ACTIVITY) as { at: string; title: string }[];
  const charters = db.prepare('SELECT created_at AS at, version, note FROM charter_versions WHERE project_id = ? ORDER BY version DESC LIMIT ?').all(projectId, ACTIVITY) as { at: string; version: number; note: string }[];
  const events = db
    .prepare(
      `SELECT e.at, m.name || '@' || v.version AS ref, e.action, e.to_stage AS stage FROM model_events e
       JOIN model_versions v ON v.id = e.version_id JOIN models m ON m.id = v.model_id
       WHERE m.project_id = ? AND e.action IN ('registered', 'stage') ORDER BY e.at DESC LIMIT ?`,
    )
    .all(projectId, ACTIVITY) as { at: string; ref: string; action: string; stage: string | null }[];
  const activity: ProjectOverview['activity'] = [
    ...jobs.map((j) => ({ at: j.finishedAt!, kind: 'job' as const, text: j.status === 'failed' ? `Failed: ${j.message}` : j.message, job: j })),
    ...alerts.map((a) => ({ at: a.at, kind: 'alert' as const, text: a.title })),
    ...charters.map((c) => ({ at: c.at, kind: 'charter' as const, text: `Charter v${c.version} saved${c.note ? `: ${c.note}` : ''}` })),
    ...events.map((e) => ({ at: e.at, kind: 'model' as const, text: e.action === 'registered' ? `${e.ref} registered` : `${e.ref} moved to ${e.stage}` })),
  ]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, ACTIVITY);
  return { production, latestBatch, openAlerts: count('open'), acknowledgedAlerts: count('acknowledged'), activity };
}
