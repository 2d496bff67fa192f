/**
 * What every DriveApp object shares: the gate, the current user's access to the store, the write
 * ceiling, and Apps Script's exception texts. Access rules live in DriveStore; this turns their
 * answers into the exceptions DriveApp throws.
 */
import { ServiceContext } from '../core/context';
import { ScriptException } from '../core/errors';
import { DriveItem, DriveStore, FOLDER_MIME } from './store';

/** Texts as Apps Script words them (localised in real life: scripts must not branch on them). */
export const DRIVE_MESSAGES = {
  notFound: 'No item with the given ID could be found, or you do not have permission to access it.',
  accessDenied: 'Access denied: DriveApp.',
  rateLimited:
    'Service invoked too many times in a short time: driveWriteVolume rateMax. ' +
    'Try Utilities.sleep(1000) between calls.',
  /**
   * A new item Drive will not take (drive/capacity.ts). Apps Script documents no texts for these:
   * the REST messages of the "Resolve errors" guide, and for the day's 750 GB the rate-limit text
   * (Drive answers it as a rate limit). Localised in real life: scripts must not branch on them.
   */
  storageFull: "The user's Drive storage quota has been exceeded.",
  folderFull:
    "The limit for this folder's number of children (files and folders) has been exceeded.",
  iteratorEnd: 'Cannot retrieve the next object: iterator has reached the end.',
  invalidArgument: (name: string) => `Invalid argument: ${name}`,
};

export type ItemKind = 'file' | 'folder';

export function kindOf(item: DriveItem): ItemKind {
  return item.mimeType === FOLDER_MIME ? 'folder' : 'file';
}

export class DriveEnv {
  /** Set by createDriveApp: how a store item becomes a script-facing File or Folder. */
  /** `resourceKey`: the key the file was opened with, which its later calls present. */
  wrapFile!: (item: DriveItem, resourceKey?: string) => GoogleAppsScript.Drive.File;
  wrapFolder!: (item: DriveItem) => GoogleAppsScript.Drive.Folder;

  constructor(
    readonly ctx: ServiceContext,
    readonly store: DriveStore,
  ) {}

  user(): string {
    return this.ctx.user();
  }

  now(): number {
    return this.ctx.clock.now();
  }

  read<T>(method: string, body: () => T): T {
    return this.ctx.runtime.guard('DriveApp', method, 'read', body);
  }

  /**
   * A Drive write. The body validates, then calls `admit` to pass the per-account write ceiling
   * (measured when the request left, before its latency), then takes effect.
   */
  write<T>(method: string, body: (admit: () => void) => T): T {
    const at = this.now();
    return this.ctx.runtime.guard('DriveApp', method, 'write', () => body(() => this.admit(at)));
  }

  /**
   * The item if it exists, is of `kind` and the user can open it (with `resourceKey`, for a file
   * shared by link); Apps Script's one exception otherwise.
   */
  viewable(id: unknown, kind?: ItemKind, resourceKey?: string): DriveItem {
    const item = typeof id === 'string' ? this.store.get(id) : undefined;
    const keys = item && resourceKey !== undefined ? new Map([[item.id, resourceKey]]) : undefined;
    if (!item || !this.store.canOpen(item.id, this.user(), keys)) {
      throw new ScriptException(DRIVE_MESSAGES.notFound);
    }
    if (kind && kindOf(item) !== kind) throw new ScriptException(DRIVE_MESSAGES.notFound);
    return item;
  }

  /**
   * Throws what DriveApp throws when Drive will not take a new item of `bytes` in `parentId`
   * (storage, items in the folder, the day's transfer for a copy or upload); nothing is made.
   */
  requireRoom(parentId: string, bytes: number, transfer: boolean): void {
    const refusal = this.store.refusal({ user: this.user(), parentId, bytes, transfer });
    if (refusal === 'storageQuotaExceeded') throw new ScriptException(DRIVE_MESSAGES.storageFull);
    if (refusal === 'numChildrenInNonRootLimitExceeded') {
      throw new ScriptException(DRIVE_MESSAGES.folderFull);
    }
    if (refusal === 'dailyTransfer') throw new ScriptException(DRIVE_MESSAGES.rateLimited);
    if (transfer) this.store.transferred(this.user(), bytes);
  }

  requireEdit(item: DriveItem): void {
    if (!this.store.canEdit(item.id, this.user())) {
      throw new ScriptException(DRIVE_MESSAGES.accessDenied);
    }
  }

  /** Drive documents that only the owner can trash an item. */
  requireOwner(item: DriveItem): void {
    if (item.owner !== this.user()) throw new ScriptException(DRIVE_MESSAGES.accessDenied);
  }

  private admit(at: number): void {
    if (!this.ctx.ceiling.admit(this.user(), at)) {
      throw new ScriptException(DRIVE_MESSAGES.rateLimited);
    }
  }
}

export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new ScriptException(DRIVE_MESSAGES.invalidArgument(name));
  return value;
}
