import type { HelpInfo } from '../shared/rpc';
import { TOOLS_MENU } from './menu';
import { STAGING_FOLDER_PROPERTY } from '../config/settings';
import { folderSummary } from '../drive/files';
import { MIN_FILE_COUNT } from '../selection/validation';
import { statusWords } from '../shared/format';

export const ADDON_NAME = 'Two-phase export';
export const VERSION = '0.1.0';

export function getHelpInfo(): HelpInfo {
  return {
    addonName: ADDON_NAME,
    version: VERSION,
    phases: [
      {
        title: '1. Staging',
        summary:
          'Finished tasks that passed review are checked for their deliverables (.obj, .jpg, .mp4) and copied into the internal staging folder, with an internal export sheet. Nothing reaches the client.',
      },
      {
        title: '2. Delivery',
        summary:
          "After someone has reviewed the staged export, its task folders (never the export sheet) are copied to the client's folder, and every file is checked on arrival against what was staged (name, size and content).",
      },
    ],
    menuItems: TOOLS_MENU.map((e) => ({ caption: e.caption, what: e.what })),
    statuses: STATUS_MEANINGS.map(([status, means]) => ({
      words: statusWords(status),
      // What the Export Status cell holds: empty for a task not exported.
      inSheet: status === 'not exported' ? '' : status,
      means,
    })),
    fileRules: [
      'Each file’s name contains the task’s Folder Name (as in the sheet).',
      'A task needs at least one .obj file, one .jpg that is not a base image, and one .mp4.',
      `A task needs at least ${MIN_FILE_COUNT} usable files in all, base images included.`,
      'Each file cell holds a Google Drive link to one file (not a folder, not another site), shared with you.',
    ],
    whenFails: [
      {
        what: 'Staging failed',
        todo: 'Read the reason in Export status report, fix the files or links it names, then retry from there or from Resume failed exports.',
      },
      {
        what: 'Delivery failed',
        todo: 'Read the reason in Export status report; retry from there or from Resume failed exports.',
      },
      {
        what: `Stuck at “${statusWords('staging')}” or “${statusWords('delivering')}”`,
        todo: 'Open Resume failed exports and resume it.',
      },
      {
        what: 'Not sure your account allows exports',
        todo: 'Open Check setup and run the check.',
      },
    ],
    stagingFolder: stagingFolderSummary(),
  };
}

/** The statuses a task moves through, in that order, and what each means for ops staff. */
const STATUS_MEANINGS: ReadonlyArray<[status: string, means: string]> = [
  ['not exported', 'Never staged, or put back to be staged again.'],
  ['staging', 'Its files are being copied to the staging folder.'],
  ['staged', 'In the staging folder, for review; the client has nothing yet.'],
  ['delivering', 'Its task folder is being copied to the client.'],
  ['delivered', 'In the client’s folder, checked file by file.'],
  ['staging_failed', 'Not staged; the reason says what to fix.'],
  ['delivery_failed', 'Not delivered; the reason says why.'],
];

function stagingFolderSummary(): HelpInfo['stagingFolder'] {
  const id = PropertiesService.getScriptProperties().getProperty(STAGING_FOLDER_PROPERTY);
  if (!id) return { configured: false };
  // A deleted or unshared folder is reported as not configured; the settings page says why.
  const folder = folderSummary(id);
  return folder ? { configured: true, ...folder } : { configured: false };
}
