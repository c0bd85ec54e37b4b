/** Keyboard shortcuts for the whole app, the `?` help modal that lists them, and the other Help items (lifecycle map, tour). */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Group, Kbd, Modal, Stack, Table, Text } from '@mantine/core';
import { useHotkeys, type HotkeyItem } from '@mantine/hooks';
import { useLocation } from 'wouter';
import { STAGES, STAGE_INFO, type MenuCommand } from '@contract';
import { transport } from '../api/transport';
import { LifecycleMapModal } from '../components/lifecycle/LifecycleMapModal';
import { useProjectActions } from './ProjectActions';
import { overviewPath, stageHref, stagePath } from './paths';

const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ['Alt', 'N'], what: 'New project' },
  { keys: ['Alt', '0'], what: 'Project overview: the whole cycle at a glance' },
  { keys: ['Alt', '1 … 8'], what: `Go to a stage (${STAGES.map((s, i) => `${i + 1} ${STAGE_INFO[s].label}`).join(', ')})` },
  { keys: ['Alt', 'L'], what: 'Lifecycle map: which stages are done, and what comes next' },
  { keys: ['?'], what: 'Show this list' },
];

/** The window event "Take the tour" sends; the tour listens for it. */
export const TOUR_EVENT = 'gyre:tour';

function startTour(): void {
  window.dispatchEvent(new CustomEvent(TOUR_EVENT));
}

interface HelpActions {
  openHelp(): void;
  openMap(): void;
  startTour(): void;
}

const ShortcutsContext = createContext<HelpActions>({ openHelp: () => undefined, openMap: () => undefined, startTour });

/** What the Help menu offers: the shortcuts list, the lifecycle map, the tour. */
export function useShortcutsHelp(): HelpActions {
  return useContext(ShortcutsContext);
}

export function ShortcutsProvider({ children }: { children: ReactNode }) {
  const [helpOpen, setHelpOpen] = useState(false);
  const [mapOpen, setMapOpen] = useState(false);
  const { createProject } = useProjectActions();
  const [location, navigate] = useLocation();
  const projectId = /^\/p\/([^/]+)/.exec(location)?.[1];

  // Alt combinations work inside inputs too; physical keys, because Alt+digit types other characters on macOS.
  const altKeys: HotkeyItem[] = [
    ['alt+n', () => createProject(), { usePhysicalKeys: true }],
    ['alt+l', () => setMapOpen(true), { usePhysicalKeys: true }],
    ['alt+digit0', () => projectId && navigate(overviewPath(decodeURIComponent(projectId))), { usePhysicalKeys: true }],
    ...STAGES.map((stage, i): HotkeyItem => [
      `alt+digit${i + 1}`,
      () => projectId && navigate(stagePath(decodeURIComponent(projectId), stage)),
      { usePhysicalKeys: true },
    ]),
  ];
  useHotkeys(altKeys, []);

  // The desktop menu's items (Ctrl/Cmd+N, Ctrl/Cmd+1…8, Help) arrive as commands and do what the shortcuts do.
  useEffect(
    () =>
      transport.on('command', (c: MenuCommand) => {
        switch (c.command) {
          case 'project.new':
            return createProject();
          case 'stage.go':
            return void (projectId && navigate(stagePath(decodeURIComponent(projectId), c.stage)));
          case 'help.map':
            return setMapOpen(true);
          case 'help.shortcuts':
            return setHelpOpen(true);
          case 'help.tour':
            return startTour();
          default: {
            const unknown: never = c;
            throw new Error(`Unknown menu command ${JSON.stringify(unknown)}`);
          }
        }
      }),
    [createProject, navigate, projectId],
  );
  useHotkeys([
    ['shift+?', () => setHelpOpen(true)],
    ['?', () => setHelpOpen(true)],
  ]);

  const value = useMemo(() => ({ openHelp: () => setHelpOpen(true), openMap: () => setMapOpen(true), startTour }), []);
  return (
    <ShortcutsContext.Provider value={value}>
      {children}
      <LifecycleMapModal opened={mapOpen} onClose={() => setMapOpen(false)} projectId={projectId ? decodeURIComponent(projectId) : null} hrefFor={stageHref} />
      <Modal opened={helpOpen} onClose={() => setHelpOpen(false)} title="Keyboard shortcuts" centered>
        <Stack gap="sm">
          <Table>
            <Table.Tbody>
              {SHORTCUTS.map((s) => (
                <Table.Tr key={s.what}>
                  <Table.Td w={130}>
                    <Group gap={4} wrap="nowrap">
                      {s.keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 && ' + '}
                          <Kbd>{k}</Kbd>
                        </span>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.what}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">
            Stage shortcuts work while a project is open. Alt is used instead of Ctrl because browsers keep Ctrl+N for a new window.
          </Text>
        </Stack>
      </Modal>
    </ShortcutsContext.Provider>
  );
}
