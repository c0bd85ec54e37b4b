/** Keyboard shortcuts for the whole app, and the `?` help modal that lists them. */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Group, Kbd, Modal, Stack, Table, Text } from '@mantine/core';
import { useHotkeys, type HotkeyItem } from '@mantine/hooks';
import { useLocation } from 'wouter';
import { STAGES, STAGE_INFO } from '@contract';
import { transport } from '../api/transport';
import { useProjectActions } from './ProjectActions';
import { overviewPath, stagePath } from './paths';

const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ['Alt', 'N'], what: 'New project' },
  { keys: ['Alt', '0'], what: 'Project overview: the whole cycle at a glance' },
  { keys: ['Alt', '1 … 8'], what: `Go to a stage (${STAGES.map((s, i) => `${i + 1} ${STAGE_INFO[s].label}`).join(', ')})` },
  { keys: ['?'], what: 'Show this list' },
];

const ShortcutsContext = createContext<{ openHelp(): void }>({ openHelp: () => undefined });

export function useShortcutsHelp() {
  return useContext(ShortcutsContext);
}

export function ShortcutsProvider({ children }: { children: ReactNode }) {
  const [helpOpen, setHelpOpen] = useState(false);
  const { createProject } = useProjectActions();
  const [location, navigate] = useLocation();
  const projectId = /^\/p\/([^/]+)/.exec(location)?.[1];

  // Alt combinations work inside inputs too; physical keys, because Alt+digit types other characters on macOS.
  const altKeys: HotkeyItem[] = [
    ['alt+n', () => createProject(), { usePhysicalKeys: true }],
    ['alt+digit0', () => projectId && navigate(overviewPath(decodeURIComponent(projectId))), { usePhysicalKeys: true }],
    ...STAGES.map((stage, i): HotkeyItem => [
      `alt+digit${i + 1}`,
      () => projectId && navigate(stagePath(decodeURIComponent(projectId), stage)),
      { usePhysicalKeys: true },
    ]),
  ];
  useHotkeys(altKeys, []);

  // The desktop menu's items (Ctrl/Cmd+N, Ctrl/Cmd+1…8) arrive as commands and do what the shortcuts do.
  useEffect(
    () =>
      transport.on('command', (c) => {
        if (c.command === 'project.new') createProject();
        else if (projectId) navigate(stagePath(decodeURIComponent(projectId), c.stage));
      }),
    [createProject, navigate, projectId],
  );
  useHotkeys([
    ['shift+?', () => setHelpOpen(true)],
    ['?', () => setHelpOpen(true)],
  ]);

  const value = useMemo(() => ({ openHelp: () => setHelpOpen(true) }), []);
  return (
    <ShortcutsContext.Provider value={value}>
      {children}
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
