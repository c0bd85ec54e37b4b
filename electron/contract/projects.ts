/** Projects: the unit a user works in; each has one charter history and, later, datasets, runs and models. */
import { z } from 'zod';
import { procedure } from './procedure';

export interface Project {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
  /** ISO time the project was archived; null while active. */
  archivedAt: string | null;
  lastOpenedAt: string | null;
}

export const ProjectName = z
  .string()
  .trim()
  .min(1, 'A project needs a name.')
  .max(120, 'Keep the name under 120 characters.');

export const ProjectId = z.string().trim().min(1, 'Give a project id.').max(64);

export const projectProcedures = {
  /** All projects, most recently opened first; archived ones only when asked. */
  'projects.list': procedure(z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false })).query<Project[]>(['projects']),
  /** One project by id, or by its exact name (the CLI accepts either). */
  'projects.get': procedure(z.object({ id: ProjectId })).query<Project>(['projects']),
  'projects.create': procedure(
    z.object({ name: ProjectName, description: z.string().trim().max(2000).default('') }),
  ).mutation<Project>(['projects']),
  'projects.rename': procedure(z.object({ id: ProjectId, name: ProjectName })).mutation<Project>(['projects']),
  /** Archive hides a project from the default list; nothing is deleted. `archived: false` restores it. */
  'projects.archive': procedure(z.object({ id: ProjectId, archived: z.boolean().default(true) })).mutation<Project>([
    'projects',
    'settings',
  ]),
  /** Marks a project as the one open now; it reopens on the next start. */
  'projects.open': procedure(z.object({ id: ProjectId })).mutation<Project>(['projects', 'settings']),
  /** The last opened, non-archived project, if any. */
  'projects.lastOpened': procedure(z.object({}).default({})).query<Project | null>(['projects', 'settings']),
};
