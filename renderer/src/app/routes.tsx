/** Which page answers which address (reopening the last project on start is in reopen.ts). */
import { Redirect, Route, Switch } from 'wouter';
import { ProjectsHome } from '../stages/projects/ProjectsHome';
import { SettingsPage } from '../stages/settings/SettingsPage';
import { HOME_PATH, isStage, overviewPath } from './paths';
import { ProjectWorkspace } from './ProjectWorkspace';
import { Shell } from './Shell';

export function AppRoutes() {
  return (
    <Switch>
      <Route path="/">
        <Shell project={null} stage={null}>
          <ProjectsHome />
        </Shell>
      </Route>
      <Route path="/settings">
        <Shell project={null} stage={null}>
          <SettingsPage />
        </Shell>
      </Route>
      <Route path="/p/:projectId/data/:datasetId">
        {({ projectId, datasetId }) => <ProjectWorkspace projectId={projectId} stage="data" datasetId={datasetId} />}
      </Route>
      <Route path="/p/:projectId/overview">{({ projectId }) => <ProjectWorkspace projectId={projectId} stage="overview" />}</Route>
      <Route path="/p/:projectId/:stage">
        {({ projectId, stage }) =>
          isStage(stage) ? <ProjectWorkspace projectId={projectId} stage={stage} /> : <Redirect to={overviewPath(projectId)} replace />
        }
      </Route>
      <Route path="/p/:projectId">{({ projectId }) => <Redirect to={overviewPath(projectId)} replace />}</Route>
      <Route>
        <Redirect to={HOME_PATH} replace />
      </Route>
    </Switch>
  );
}
