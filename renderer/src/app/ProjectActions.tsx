/**
 * Create, rename and archive a project from anywhere (home page, project switcher, Alt+N):
 * one set of modals, opened through this context.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import type { Project } from '@contract';
import { ArchiveModal } from '../stages/projects/ArchiveModal';
import { ExportArchiveModal } from '../stages/projects/ExportArchiveModal';
import { ImportArchiveModal } from '../stages/projects/ImportArchiveModal';
import { ProjectFormModal } from '../stages/projects/ProjectFormModal';
import { stagePath } from './paths';

interface ProjectActions {
  createProject(): void;
  renameProject(project: Project): void;
  archiveProject(project: Project): void;
  /** Writes the project to a .gyre file for another machine. */
  exportProject(project: Project): void;
  /** Imports a project from a .gyre file. */
  importProject(): void;
}

/** Which modal is open; the project stays set while a modal closes, so its text does not change mid-animation. */
interface ModalState {
  opened: 'form' | 'archive' | 'export' | 'import' | null;
  project: Project | null;
}

const ProjectActionsContext = createContext<ProjectActions | null>(null);

export function ProjectActionsProvider({ children }: { children: ReactNode }) {
  const [modal, setModal] = useState<ModalState>({ opened: null, project: null });
  const [, navigate] = useLocation();
  const close = useCallback(() => setModal((m) => ({ ...m, opened: null })), []);

  const actions = useMemo<ProjectActions>(
    () => ({
      createProject: () => setModal({ opened: 'form', project: null }),
      renameProject: (project) => setModal({ opened: 'form', project }),
      archiveProject: (project) => setModal({ opened: 'archive', project }),
      exportProject: (project) => setModal({ opened: 'export', project }),
      importProject: () => setModal({ opened: 'import', project: null }),
    }),
    [],
  );

  return (
    <ProjectActionsContext.Provider value={actions}>
      {children}
      <ProjectFormModal
        opened={modal.opened === 'form'}
        project={modal.project}
        onClose={close}
        onCreated={(project) => navigate(stagePath(project.id, 'plan'))}
      />
      <ArchiveModal opened={modal.opened === 'archive'} project={modal.project} onClose={close} />
      {modal.opened === 'export' && modal.project && <ExportArchiveModal project={modal.project} onClose={close} />}
      {modal.opened === 'import' && <ImportArchiveModal onClose={close} />}
    </ProjectActionsContext.Provider>
  );
}

export function useProjectActions(): ProjectActions {
  const actions = useContext(ProjectActionsContext);
  if (!actions) throw new Error('useProjectActions must be used inside ProjectActionsProvider.');
  return actions;
}
