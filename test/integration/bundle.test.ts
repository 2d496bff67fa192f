import { Workspace } from '../../emulator';

const MENU_ITEMS = [
  ['Configure staging folder', 'configureStagingFolder'],
  ['Stage tasks for export', 'showStagingWizard'],
  ['Deliver staged export', 'showDeliveryWizard'],
  ['Export status report', 'showExportStatusReport'],
  ['Resume failed exports', 'showResumeFailedExports'],
  ['Export batches', 'showExportBatches'],
  ['Change a task’s status', 'showStatusChange'],
  ['Clean up old failures', 'showCleanUp'],
  ['Check setup', 'showCheckSetup'],
];

function workspace() {
  const ws = new Workspace({ seed: 3 });
  ws.sheets.setActive(ws.sheets.create('Tracking', ws.owner));
  return ws.loadBundle('dist');
}

describe('the built bundle in the emulator', () => {
  test('loads without Node globals, as in Apps Script', () => {
    const ws = workspace();
    const probe = ws.execute(() => 0);
    expect(probe.ok).toBe(true);
    const context = (ws as unknown as { bundle: Record<string, unknown> }).bundle;
    for (const name of [
      'require',
      'process',
      'setTimeout',
      'setInterval',
      'module',
      'exports',
      'Buffer',
    ]) {
      expect(context[name]).toBeUndefined();
    }
  });

  test('every exposed global is a top-level function', () => {
    const ws = workspace();
    const functions = ws.functions();
    expect(functions).toEqual(
      expect.arrayContaining([
        'onOpen',
        'onInstall',
        ...MENU_ITEMS.map(([, fn]) => fn),
        'showHelp',
      ]),
    );
  });

  test('onOpen builds the menu of PLAN.md: a Tools sub-menu with the export items and Check setup', () => {
    const ws = workspace();
    const result = ws.run('onOpen', [{}]);
    expect(result.ok).toBe(true);
    expect(ws.ui.menus).toHaveLength(1);
    const menu = ws.ui.menus[0];
    expect(menu.title).toBe('Production Tracker');
    const tools = menu.items.find((i) => 'submenu' in i && i.caption === 'Tools');
    expect(tools && 'submenu' in tools ? tools.submenu.items : []).toEqual(
      MENU_ITEMS.map(([caption, functionName]) => ({ caption, functionName })),
    );
    for (const [, fn] of MENU_ITEMS) expect(ws.functions()).toContain(fn);
  });

  test('running an unknown global is a clear emulator error', () => {
    const ws = workspace();
    expect(() => ws.run('noSuchFunction')).toThrow(/no global function "noSuchFunction"/);
  });

  test('a private function (ending in _) cannot be called from a page', () => {
    const ws = workspace();
    expect(() => ws.callFromPage('helper_')).toThrow(/private/);
  });

  test('the help sidebar opens with the built page and its data comes from the server', () => {
    const ws = workspace();
    expect(ws.run('showHelp').ok).toBe(true);
    expect(ws.ui.sidebar?.title).toBe('How exports work');
    expect(ws.ui.sidebar?.content).toContain('<script>');
    const info = ws.callFromPage<{ phases: Array<{ title: string }> }>('getHelpInfo');
    expect(info.ok).toBe(true);
    expect(info.value?.phases.map((p) => p.title)).toEqual(['1. Staging', '2. Delivery']);
  });
});
