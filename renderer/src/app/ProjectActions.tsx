/**
 * Create, rename and archive a project from anywhere (home page, project switcher, Alt+N):
 * one set of modals, opened through this context.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import type { Project } from '@contract';
import { ArchiveModal } from '../stages/projects/ArchiveModal';
import { ProjectFormModal } from '../stages/projects/ProjectFormModal';
import { stagePath } from './paths';

interface ProjectActions {
  createProject(): void;
  renameProject(project: Project): void;
  archiveProject(project: Project): void;
}

type Open = { kind: 'create' } | { kind: 'rename'; project: Project } | { kind: 'archive'; project: Project } | null;

const ProjectActionsContext = createContext<ProjectActions | null>(null);

export function ProjectActionsProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<Open>(null);
  const [, navigate] = useLocation();
  const close = useCallback(() => setOpen(null), []);

  const actions = useMemo<ProjectActions>(
    () => ({
      createProject: () => setOpen({ kind: 'create' }),
      renameProject: (project) => setOpen({ kind: 'rename', project }),
      archiveProject: (project) => setOpen({ kind: 'archive', project }),
    }),
    [],
  );

  return (
    <ProjectActionsContext.Provider value={actions}>
      {children}
      <ProjectFormModal
        opened={open?.kind === 'create' || open?.kind === 'rename'}
        project={open?.kind === 'rename' ? open.project : null}
        onClose={close}
        onCreated={(project) => navigate(stagePath(project.id, 'plan'))}
      />
      <ArchiveModal project={open?.kind === 'archive' ? open.project : null} onClose={close} />
    </ProjectActionsContext.Provider>
  );
}

export function useProjectActions(): ProjectActions {
  const actions = useContext(ProjectActionsContext);
  if (!actions) throw new Error('useProjectActions must be used inside ProjectActionsProvider.');
  return actions;
}
