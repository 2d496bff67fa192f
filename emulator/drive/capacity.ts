/**
 * What Drive can hold and take in a day: each user's storage quota, the number of items directly
 * in a folder, and the bytes a user may upload or copy in a day. Checked by the REST emulation
 * (files.copy, files.create) and by DriveApp (makeCopy, createFile, createFolder) before a new
 * item is made; a refused write makes nothing. Seeding through the store (`ws.drive`) is not
 * checked, so a test can fill a Drive or a folder directly.
 *
 * Sources:
 * - Storage: every Google Account comes with 15 GB of storage shared by Drive, Gmail and Photos
 *   (Google Drive Help, "How storage works in Google Drive", support.google.com/drive/answer/
 *   9312312); Google Workspace plans give per-user pooled storage, 30 GB a user on Business Starter
 *   (workspace.google.com/pricing). Files in the trash count until they are deleted for good (the
 *   same help page). Once it is used up, Drive "can't sync or upload new files" and a request that
 *   would add to it answers 403 `storageQuotaExceeded`, "The user's Drive storage quota has been
 *   exceeded." (Drive API guide "Resolve errors", developers.google.com/workspace/drive/api/
 *   guides/handle-errors). Folders and shortcuts take no storage.
 * - Items in a folder: "There's a 500,000 item limit for folders, files, and shortcuts directly in
 *   a folder. Items nested in subfolders don't count"; past it Drive answers 403
 *   `numChildrenInNonRootLimitExceeded`, "The limit for this folder's number of children (files
 *   and folders) has been exceeded." (the same guide). A My Drive root is not held to it
 *   ("NonRoot"). Trashed children are counted: Google does not say they are not.
 * - Transfer: "Individual users can only upload 750 GB each day between My Drive and all shared
 *   drives. Users who reach the 750-GB limit, or upload a file larger than 750 GB, cannot upload
 *   additional files that day. Uploads that are in progress will complete." (Google Drive Help,
 *   "Files you can store in Google Drive", support.google.com/drive/answer/37603); copies count
 *   (Google Workspace Admin Help, "Shared drive limits in Google Drive", support.google.com/a/
 *   answer/7338880: upload and copy 750 GB per user per 24 hours). So the day's first write
 *   opens a 24-hour window, a copy or upload is refused once the window's bytes have reached the
 *   limit, and the one that crosses it completes. Google documents no error for it: Drive answers
 *   it as users report, 403 `userRateLimitExceeded` "User rate limit exceeded." (rclone's
 *   `--drive-stop-on-upload-limit`, rclone.org/drive, tells it only by that message's spelling):
 *   a script cannot tell it from a rate limit by its reason code.
 */
import { EmulatorUsageError } from '../core/errors';
import type { AccountTier } from '../core/quotas';

/** Limits a workspace may lower for tests (bytes and counts); unset, Google's figures. */
export interface DriveLimitsOptions {
  /** Each user's storage quota in bytes; default by account tier (15 GB consumer, 30 GB Workspace). */
  storageBytes?: number;
  /** Items directly in a folder other than a My Drive root; default 500,000. */
  folderItems?: number;
  /** Bytes a user may upload or copy in 24 hours; default 750 GB. */
  dailyTransferBytes?: number;
}

const GB = 1_000_000_000;

/** The defaults, Google's figures (see above). */
export const DRIVE_LIMITS = {
  storageBytes: { consumer: 15 * GB, workspace: 30 * GB } as Record<AccountTier, number>,
  folderItems: 500_000,
  dailyTransferBytes: 750 * GB,
};

/** 24 hours: the transfer window opens at a user's first counted write. */
const TRANSFER_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Why Drive refuses a new item (a reason code of the "Resolve errors" guide, or the day's bytes). */
export type CapacityRefusal =
  'storageQuotaExceeded' | 'numChildrenInNonRootLimitExceeded' | 'dailyTransfer';

export class DriveCapacity {
  storageBytes: number;
  folderItems: number;
  dailyTransferBytes: number;
  private readonly windows = new Map<string, { openedAt: number; bytes: number }>();

  constructor(tier: AccountTier, o: DriveLimitsOptions = {}) {
    this.storageBytes = o.storageBytes ?? DRIVE_LIMITS.storageBytes[tier];
    this.folderItems = o.folderItems ?? DRIVE_LIMITS.folderItems;
    this.dailyTransferBytes = o.dailyTransferBytes ?? DRIVE_LIMITS.dailyTransferBytes;
  }

  /** The bytes `user` has uploaded or copied in the window open at `now`. */
  transferred(user: string, now: number): number {
    const w = this.windows.get(user);
    return w && now < w.openedAt + TRANSFER_WINDOW_MS ? w.bytes : 0;
  }

  /** Whether the user's day is used up (a new copy or upload is refused). */
  transferSpent(user: string, now: number): boolean {
    return this.transferred(user, now) >= this.dailyTransferBytes;
  }

  /** Counts a copy or upload of `bytes` (the one that crosses the limit completes). */
  transfer(user: string, bytes: number, now: number): void {
    let w = this.windows.get(user);
    if (!w || now >= w.openedAt + TRANSFER_WINDOW_MS) {
      w = { openedAt: now, bytes: 0 };
      this.windows.set(user, w);
    }
    w.bytes += bytes;
  }

  /** Forgets the day's transfers (a test hook: as if every user's day had reset). */
  resetTransfers(): void {
    this.windows.clear();
  }
}

export function validateDriveLimits(o: unknown): void {
  if (o === undefined) return;
  if (o === null || typeof o !== 'object') {
    throw new EmulatorUsageError('driveLimits must be an object');
  }
  for (const [key, value] of Object.entries(o)) {
    if (!['storageBytes', 'folderItems', 'dailyTransferBytes'].includes(key)) {
      throw new EmulatorUsageError(
        `unknown drive limit "${key}"; known: storageBytes, folderItems, dailyTransferBytes`,
      );
    }
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new EmulatorUsageError(`driveLimits.${key} must be a number of 0 or more`);
    }
  }
}
