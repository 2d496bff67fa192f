/**
 * The Drive v3 File resource as the requesting user sees it, and the schemas `fields` selects
 * from. Fields Drive has but the emulator does not model are accepted and left unset, as Drive
 * leaves unset fields out of its answers.
 */
import { DriveItem, DriveStore, FOLDER_MIME, ResourceKeys } from '../drive/store';
import { viewLink } from '../drive/links';
import { Schema } from './fields';

const USER_SCHEMA: Schema = {
  kind: true,
  displayName: true,
  emailAddress: true,
  me: true,
  permissionId: true,
  photoLink: true,
};

const CAPABILITY_NAMES = [
  'canAcceptOwnership',
  'canAddChildren',
  'canAddFolderFromAnotherDrive',
  'canAddMyDriveParent',
  'canChangeCopyRequiresWriterPermission',
  'canChangeSecurityUpdateEnabled',
  'canChangeViewersCanCopyContent',
  'canComment',
  'canCopy',
  'canDelete',
  'canDeleteChildren',
  'canDisableInheritedPermissions',
  'canDownload',
  'canEdit',
  'canEnableInheritedPermissions',
  'canListChildren',
  'canModifyContent',
  'canModifyContentRestriction',
  'canModifyEditorContentRestriction',
  'canModifyLabels',
  'canModifyOwnerContentRestriction',
  'canMoveChildrenOutOfDrive',
  'canMoveChildrenWithinDrive',
  'canMoveItemIntoTeamDrive',
  'canMoveItemOutOfDrive',
  'canMoveItemWithinDrive',
  'canReadLabels',
  'canReadRevisions',
  'canRemoveChildren',
  'canRemoveContentRestriction',
  'canRemoveMyDriveParent',
  'canRename',
  'canShare',
  'canTrash',
  'canTrashChildren',
  'canUntrash',
];

const UNMODELLED_FILE_FIELDS = [
  'appProperties',
  'contentHints',
  'contentRestrictions',
  'downloadRestrictions',
  'exportLinks',
  'fileExtension',
  'folderColorRgb',
  'fullFileExtension',
  'hasAugmentedPermissions',
  'hasThumbnail',
  'headRevisionId',
  'iconLink',
  'imageMediaMetadata',
  'inheritedPermissionsDisabled',
  'isAppAuthorized',
  'labelInfo',
  'linkShareMetadata',
  'modifiedByMe',
  'modifiedByMeTime',
  'originalFilename',
  'permissionIds',
  'permissions',
  'properties',
  'quotaBytesUsed',
  'sha1Checksum',
  'shared',
  'sharedWithMeTime',
  'starred',
  'teamDriveId',
  'thumbnailLink',
  'thumbnailVersion',
  'trashedTime',
  'version',
  'videoMediaMetadata',
  'viewedByMe',
  'viewedByMeTime',
  'viewersCanCopyContent',
  'webContentLink',
  'writersCanShare',
];

export const FILE_SCHEMA: Schema = {
  kind: true,
  id: true,
  name: true,
  mimeType: true,
  description: true,
  parents: true,
  trashed: true,
  explicitlyTrashed: true,
  size: true,
  md5Checksum: true,
  sha256Checksum: true,
  webViewLink: true,
  createdTime: true,
  modifiedTime: true,
  ownedByMe: true,
  driveId: true,
  spaces: true,
  owners: USER_SCHEMA,
  lastModifyingUser: USER_SCHEMA,
  sharingUser: USER_SCHEMA,
  trashingUser: USER_SCHEMA,
  capabilities: Object.fromEntries(CAPABILITY_NAMES.map((n) => [n, true as const])),
  ...Object.fromEntries(UNMODELLED_FILE_FIELDS.map((n) => [n, true as const])),
  copyRequiresWriterPermission: true,
  resourceKey: true,
  shortcutDetails: { targetId: true, targetMimeType: true, targetResourceKey: true },
};

export const FILE_LIST_SCHEMA: Schema = {
  kind: true,
  nextPageToken: true,
  incompleteSearch: true,
  files: FILE_SCHEMA,
};

/** Drive's answer when `fields` is absent. */
export const DEFAULT_FILE_FIELDS = 'kind,id,name,mimeType';
export const DEFAULT_LIST_FIELDS =
  'kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)';

/**
 * The File resource `user` sees: parents only when the user can see them; `keys`, the resource
 * keys the request presented (a file opened through its link is seen with a viewer's
 * capabilities). Fields of the resource-keys guide (developers.google.com/drive/api/guides/
 * resource-keys): `resourceKey`, `shortcutDetails.targetResourceKey`, and "Fields in the files
 * resource that return URLs, such as ... webViewLink, also include the resourceKey". No `size`
 * for a shortcut: size "Won't be populated for files that have no size, like shortcuts and
 * folders" (developers.google.com/drive/api/reference/rest/v3/files).
 */
export function fileResource(
  store: DriveStore,
  item: DriveItem,
  user: string,
  keys?: ResourceKeys,
) {
  const sizeless = item.mimeType === FOLDER_MIME || item.shortcut !== undefined;
  const inDrive = item.driveId !== undefined;
  const parentVisible = item.parentId !== null && store.canView(item.parentId, user);
  return {
    kind: 'drive#file',
    id: item.id,
    name: item.name,
    mimeType: item.mimeType,
    description: item.description || undefined,
    parents: parentVisible ? [item.parentId] : undefined,
    trashed: store.isTrashed(item.id),
    explicitlyTrashed: item.trashed,
    // Drive sends int64 values as JSON strings, and no size for folders and shortcuts.
    size: sizeless ? undefined : String(item.size),
    // Binary files only (DriveStore's hasContent); absent fields are left out of answers.
    md5Checksum: item.md5Checksum,
    sha256Checksum: item.sha256Checksum,
    webViewLink: viewLink(item),
    createdTime: new Date(item.createdAt).toISOString(),
    modifiedTime: new Date(item.updatedAt).toISOString(),
    // Shared drive items have no owner: `owners` and `ownedByMe` are "not populated for items in
    // shared drives" (developers.google.com/drive/api/reference/rest/v3/files).
    ownedByMe: inDrive ? undefined : item.owner === user,
    driveId: item.driveId,
    spaces: ['drive'],
    owners: inDrive ? undefined : [userResource(item.owner, user)],
    capabilities: capabilities(store, item, user, keys),
    starred: false,
    copyRequiresWriterPermission: item.copyRequiresWriterPermission === true,
    resourceKey: item.resourceKey,
    shortcutDetails: item.shortcut
      ? { ...item.shortcut, targetResourceKey: store.targetResourceKey(item) }
      : undefined,
  };
}

function userResource(email: string, viewer: string) {
  return {
    kind: 'drive#user',
    displayName: email.split('@')[0],
    emailAddress: email,
    me: email === viewer,
  };
}

/**
 * Drive documents that only the owner can trash or delete an item in My Drive. A copy restriction
 * (`copyRequiresWriterPermission`) takes copying and downloading from viewers (DriveStore.canCopy).
 */
function capabilities(store: DriveStore, item: DriveItem, user: string, keys?: ResourceKeys) {
  const folder = item.mimeType === FOLDER_MIME;
  const view = store.canOpen(item.id, user, keys);
  const edit = store.canEdit(item.id, user);
  const owner = item.owner === user;
  const restricted = item.copyRequiresWriterPermission === true && !edit;
  return {
    canAddChildren: folder && edit,
    canComment: view,
    canCopy: store.canCopy(item.id, user, keys),
    canDelete: owner,
    canDownload: view && !restricted,
    canEdit: edit,
    canListChildren: folder && view,
    canModifyContent: edit,
    canMoveItemWithinDrive: edit,
    canReadRevisions: view,
    canRemoveChildren: folder && edit,
    canRename: edit,
    canShare: edit,
    canTrash: owner,
    canUntrash: owner,
  };
}
