/** Binds every contract procedure to its service: the one place a host gets its behaviour from. */
import { platform } from 'node:os';
import type { HostKind } from '../contract/app';
import type { Handlers } from '../contract/index';
import { CharterService } from './charters';
import { ProjectService } from './projects';
import { stageStatuses } from './stages';
import type { Workspace } from './workspace';
import { APP_VERSION } from './version';

export function createHandlers(ws: Workspace, host: HostKind): Handlers {
  const projects = new ProjectService(ws.db);
  const charters = new CharterService(ws.db, projects);
  return {
    'app.info': () => ({ version: APP_VERSION, host, workspace: ws.dir, schemaVersion: ws.schemaVersion, platform: platform() }),
    'projects.list': ({ includeArchived }) => projects.list(includeArchived),
    'projects.get': ({ id }) => projects.get(id),
    'projects.create': ({ name, description }) => projects.create(name, description),
    'projects.rename': ({ id, name }) => projects.rename(id, name),
    'projects.archive': ({ id, archived }) => projects.archive(id, archived),
    'projects.open': ({ id }) => projects.open(id),
    'projects.lastOpened': () => projects.lastOpened(),
    'charters.get': ({ projectId, version }) => charters.get(projectId, version),
    'charters.save': ({ projectId, content, basedOnVersion, note }) => charters.save(projectId, content, basedOnVersion, note),
    'charters.history': ({ projectId }) => charters.history(projectId),
    'charters.diff': ({ projectId, from, to }) => charters.diff(projectId, from, to),
    'stages.status': ({ projectId }) => stageStatuses(charters, projects.get(projectId).id),
  };
}
