/** The application menu; its commands reach the renderer as `command` events the shell handles. */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { STAGES, STAGE_INFO } from '../contract/stages';
import { broadcast } from './ipc-bridge';

export function installMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => broadcast('command', { command: 'project.new' }) },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'Stage',
      submenu: STAGES.map((stage, i) => ({
        label: STAGE_INFO[stage].label,
        accelerator: `CmdOrCtrl+${i + 1}`,
        click: () => broadcast('command', { command: 'stage.go', stage }),
      })),
    },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Take the Tour', click: () => broadcast('command', { command: 'help.tour' }) },
        { label: 'Lifecycle Map', click: () => broadcast('command', { command: 'help.map' }) },
        { label: 'Keyboard Shortcuts', click: () => broadcast('command', { command: 'help.shortcuts' }) },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
