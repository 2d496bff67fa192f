/** The spreadsheet menu of PLAN.md 6.2: one "Tools" sub-menu holding the export workflow. */

export const MENU_TITLE = 'Production Tracker';

export interface MenuEntry {
  caption: string;
  functionName: string;
  /** What the item does, in the words the help page and README use. */
  what: string;
}

export const TOOLS_MENU: readonly MenuEntry[] = [
  {
    caption: 'Configure staging folder',
    functionName: 'configureStagingFolder',
    what: 'Choose the internal Drive folder where exports are staged for review.',
  },
  {
    caption: 'Stage tasks for export',
    functionName: 'showStagingWizard',
    what: 'Pick finished, reviewed tasks, check their files and copy them into the staging folder.',
  },
  {
    caption: 'Deliver staged export',
    functionName: 'showDeliveryWizard',
    what: "After review, copy a staged export's task folders to the client's folder and check every file arrived.",
  },
  {
    caption: 'Export status report',
    functionName: 'showExportStatusReport',
    what: 'See how many tasks are in each export status, batches in progress and failures to look at.',
  },
  {
    caption: 'Resume failed exports',
    functionName: 'showResumeFailedExports',
    what: 'Finish a stuck export or retry the tasks that failed.',
  },
  {
    caption: 'Export batches',
    functionName: 'showExportBatches',
    what: 'Every export batch, newest first: who staged it and when, its staging folder and export sheet, where it was delivered and by whom.',
  },
  {
    caption: 'Change a task’s status',
    functionName: 'showStatusChange',
    what: 'Put one task back by hand (for example to stage it again), with a reason kept in the Export Log.',
  },
  {
    caption: 'Clean up old failures',
    functionName: 'showCleanUp',
    what: 'See which old failed tasks would be made ready to export again, then reset them.',
  },
  {
    caption: 'Check setup',
    functionName: 'showCheckSetup',
    what: 'Check on your own account that Google allows everything the exports need, and see what to fix.',
  },
];

export const HELP_ENTRY: MenuEntry = {
  caption: 'How exports work',
  functionName: 'showHelp',
  what: 'A short guide to the two-phase export.',
};

export function buildMenu(ui: GoogleAppsScript.Base.Ui): void {
  const tools = ui.createMenu('Tools');
  for (const entry of TOOLS_MENU) tools.addItem(entry.caption, entry.functionName);
  ui.createMenu(MENU_TITLE)
    .addSubMenu(tools)
    .addSeparator()
    .addItem(HELP_ENTRY.caption, HELP_ENTRY.functionName)
    .addToUi();
}
