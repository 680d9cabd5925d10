import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * The View menu. The packaged app offers no developer tools (their toggle would open a console with
 * the page's full powers to anyone at the keyboard); a development build keeps them.
 */
function viewMenu(isPackaged: boolean): MenuItemConstructorOptions {
  const developer: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [{ role: 'forceReload' }, { role: 'toggleDevTools' }];
  return {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...developer,
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
}

/** The application menu: the platform's standard App, File, Edit and Window menus, and View. */
export function buildApplicationMenu(options: { isMac: boolean; isPackaged: boolean }): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(options.isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    viewMenu(options.isPackaged),
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
