/**
 * Who can see a folder, in words, so that whoever delivers sees before anything is copied who
 * will see the client's files: "Only you", "Shared with 2 people", "Members of Client deliveries".
 */
import type { FolderChain } from './folder-location';

/**
 * A shared drive's folders reach every member of the drive; a My Drive folder, its owner and
 * whoever it (or a folder above it) is shared with, which DriveApp tells (the REST permissions
 * list is not read: DriveApp's editors and viewers count the inherited ones too).
 */
export function folderAccess(chain: FolderChain): string {
  const [self] = chain;
  const top = chain[chain.length - 1];
  if (self.driveId !== undefined) {
    return top.driveId !== undefined && top.id === top.driveId
      ? `Members of ${top.name}`
      : 'Members of its shared drive';
  }
  const folder = DriveApp.getFolderById(self.id);
  const people = new Set(
    [...folder.getEditors(), ...folder.getViewers()].map((u) => u.getEmail().toLowerCase()),
  );
  const shared = `shared with ${people.size === 1 ? '1 person' : `${people.size} people`}`;
  if (self.ownedByMe) return people.size === 0 ? 'Only you' : capitalised(shared);
  const owner = folder.getOwner()?.getEmail();
  return owner ? `Owned by ${owner}, ${shared}` : capitalised(shared);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
