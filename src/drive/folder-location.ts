/**
 * Where a folder is in Drive, read by walking up its parents: the folders above it (for the
 * checks a client folder must pass) and its path as Drive shows it ("My Drive › Clients › Acme",
 * "Shared drives › Client deliveries › Acme", "Shared with me › Acme").
 */
import { DriveFileMeta } from './rest';
import { readFileMeta, readSession } from './drive-reads';
import { FolderListingError } from './listing';

const CHAIN_FIELDS = 'id,name,parents,driveId,ownedByMe';
const MAX_DEPTH = 50;

/** The folder and every folder above it that the user can see, nearest first. */
export type FolderChain = DriveFileMeta[];

/**
 * Drive leaves out a parent the user cannot see, so the walk ends there (a folder shared with
 * the user), at My Drive or at a shared drive's top.
 */
export function folderChain(folderId: string): FolderChain {
  const chain: FolderChain = [];
  const session = readSession();
  let current: string | undefined = folderId;
  while (current && chain.length < MAX_DEPTH && !chain.some((f) => f.id === current)) {
    const read = readFileMeta(current, CHAIN_FIELDS, session);
    if (read.kind !== 'ok' || !read.body) {
      throw new FolderListingError(current, read.status, read.kind);
    }
    chain.push(read.body);
    current = read.body.parents?.[0];
  }
  return chain;
}

/**
 * The user's own My Drive: a folder of theirs with no parent (Drive's root). A folder shared with
 * them shows no parent either, but is not theirs; a shared drive's top is in a drive.
 */
export function isMyDriveRoot(chain: FolderChain): boolean {
  const [self] = chain;
  return (
    chain.length === 1 && !self.parents?.length && self.driveId === undefined && !!self.ownedByMe
  );
}

/** The folder's path from the top, as the person finds it in Drive. */
export function pathOf(chain: FolderChain): string[] {
  const names = chain.map((f) => f.name).reverse();
  const top = chain[chain.length - 1];
  if (top.driveId !== undefined) return ['Shared drives', ...names];
  if (top.ownedByMe && !top.parents?.length) return names;
  return ['Shared with me', ...names];
}
