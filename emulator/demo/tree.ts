/**
 * The fixed part of the demo Drive: the production tree the links point into, the staging folder,
 * client folders (one writable, one view-only and one writable shared by someone else, one in the
 * shared drive "Client deliveries") and a folder nested inside staging that a careless user might
 * pick as a client target.
 */
import { DriveItem, DriveStore } from '../drive/store';
import { WorkBatch } from './catalog';
import { DemoFolders, DemoUsers } from './types';

export interface DemoTree extends DemoFolders {
  insideStaging: string;
  /** Production/<Batch ID> folder of each work batch. */
  batchFolders: Map<string, string>;
  /** A folder in other@'s My Drive that nobody else can see. */
  otherPrivate: string;
}

/**
 * Items are stamped with the simulated "now" when a store creates them. The demo's folders and
 * files existed for weeks, so they carry the dates of the work they hold; this also keeps them
 * visible to Drive name searches, which lag new items (DESIGN.md: name searches are not consistent).
 */
export function backdate(item: DriveItem, at: number): DriveItem {
  item.createdAt = at;
  item.updatedAt = at;
  return item;
}

export function buildTree(
  drive: DriveStore,
  users: DemoUsers,
  batches: WorkBatch[],
  since: number,
): DemoTree {
  const folder = (name: string, parentId: string, owner = users.owner) =>
    backdate(drive.createFolder({ name, parentId, owner }), since).id;
  const root = drive.rootId(users.owner);
  const production = folder('Production', root);
  const baseImages = folder('Base Images', production);
  const batchFolders = new Map(batches.map((b) => [b.id, folder(b.id, production)]));
  const staging = folder('Exports Staging', root);
  const insideStaging = folder('Not a client folder', staging);
  const clients = folder('Clients', root);
  const clientAcme = folder('Acme Corp', clients);
  const otherRoot = drive.rootId(users.other);
  const clientViewOnly = folder('Globex', otherRoot, users.other);
  drive.share(clientViewOnly, users.owner, 'viewer');
  const otherPrivate = folder('Work in progress', otherRoot, users.other);
  const clientSharedWithMe = folder('Umbrella', otherRoot, users.other);
  drive.share(clientSharedWithMe, users.owner, 'editor');
  const sharedDrive = backdate(
    drive.createSharedDrive({
      name: 'Client deliveries',
      members: { [users.other]: 'organizer', [users.owner]: 'writer' },
    }),
    since,
  ).id;
  const clientInSharedDrive = folder('Initech', sharedDrive);
  return {
    production,
    baseImages,
    batchFolders,
    staging,
    insideStaging,
    clients,
    clientAcme,
    clientViewOnly,
    clientSharedWithMe,
    sharedDrive,
    clientInSharedDrive,
    otherPrivate,
  };
}
