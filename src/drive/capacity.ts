/**
 * What the volume planner needs to know from Google before a start (selection/volume-plan.ts):
 * the person's Drive storage and the account's tier. Each answer may be unknown (null); the plan
 * then says less, and refuses nothing on a guess. How many items a destination folder holds is
 * not counted (up to 500,000 items would take hundreds of listing calls): a start makes its own
 * folder in the destination before anything else, and Drive's refusal of it
 * (numChildrenInNonRootLimitExceeded) refuses the start with nothing changed.
 */
import type { AccountTier } from '../shared/rpc';

/** Script property naming the account tier: `consumer` or `workspace`. */
const TIER_PROPERTY = 'EXPORT_ACCOUNT_TIER';

/**
 * `DriveApp.getStorageLimit()` and `getStorageUsed()` (bytes): "the number of bytes the user is
 * allowed to store in Drive" and "is currently storing" (developers.google.com/apps-script/
 * reference/drive/drive-app). Null when Drive does not say.
 */
export function driveStorage(): { limit: number; used: number } | null {
  try {
    return { limit: DriveApp.getStorageLimit(), used: DriveApp.getStorageUsed() };
  } catch {
    return null;
  }
}

/**
 * The account's tier, for its daily quotas: the script property EXPORT_ACCOUNT_TIER when set,
 * else a gmail.com address is a personal account; otherwise unknown.
 */
export function accountTier(): AccountTier | null {
  const set = PropertiesService.getScriptProperties().getProperty(TIER_PROPERTY);
  if (set === 'consumer' || set === 'workspace') return set;
  let email: string;
  try {
    email = Session.getEffectiveUser().getEmail();
  } catch {
    return null;
  }
  return /@(gmail|googlemail)\.com$/i.test(email) ? 'consumer' : null;
}
