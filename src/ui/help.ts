import type { HelpInfo } from '../shared/rpc';
import { TOOLS_MENU } from './menu';
import { STAGING_FOLDER_PROPERTY } from '../config/settings';
import { folderSummary } from '../drive/files';

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
    stagingFolder: stagingFolderSummary(),
  };
}

function stagingFolderSummary(): HelpInfo['stagingFolder'] {
  const id = PropertiesService.getScriptProperties().getProperty(STAGING_FOLDER_PROPERTY);
  if (!id) return { configured: false };
  // A deleted or unshared folder is reported as not configured; the settings page says why.
  const folder = folderSummary(id);
  return folder ? { configured: true, ...folder } : { configured: false };
}
