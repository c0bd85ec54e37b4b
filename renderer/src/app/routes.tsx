/** Which page answers which address; on start, `#/` reopens the last opened project. */
import { useEffect, useRef, useState } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { useGyreQuery } from '../api/queries';
import { LoadingState } from '../components/QueryState';
import { ProjectsHome } from '../stages/projects/ProjectsHome';
import { HOME_PATH, isStage, stagePath } from './paths';
import { ProjectWorkspace } from './ProjectWorkspace';
import { Shell } from './Shell';

export function AppRoutes() {
  const ready = useReopenLastProject();
  return (
    <Switch>
      <Route path="/">
        <Shell project={null} stage={null}>
          {ready ? <ProjectsHome /> : <LoadingState label="Opening your workspace…" />}
        </Shell>
      </Route>
      <Route path="/p/:projectId/:stage">
        {({ projectId, stage }) =>
          isStage(stage) ? <ProjectWorkspace projectId={projectId} stage={stage} /> : <Redirect to={stagePath(projectId)} replace />
        }
      </Route>
      <Route path="/p/:projectId">{({ projectId }) => <Redirect to={stagePath(projectId)} replace />}</Route>
      <Route>
        <Redirect to={HOME_PATH} replace />
      </Route>
    </Switch>
  );
}

/** Once per start: if the app opened on the home page and a project was open last time, go back to it. */
function useReopenLastProject(): boolean {
  const [location, navigate] = useLocation();
  const startedAtHome = useRef(location === HOME_PATH);
  const [done, setDone] = useState(!startedAtHome.current);
  const last = useGyreQuery('projects.lastOpened', {}, { enabled: !done });

  useEffect(() => {
    if (done || last.isPending) return;
    setDone(true);
    if (last.data && location === HOME_PATH) navigate(stagePath(last.data.id), { replace: true });
  }, [done, last.isPending, last.data, location, navigate]);

  return done;
}
