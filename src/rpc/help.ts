/** The Help page. */
import type { HelpInfo } from '../shared/rpc';
import * as help from '../ui/help';

export function getHelpInfo(): HelpInfo {
  return help.getHelpInfo();
}
