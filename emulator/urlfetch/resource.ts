/**
 * The Drive v3 File resource as the requesting user sees it, and the schemas `fields` selects
 * from. Fields Drive has but the emulator does not model are accepted and left unset, as Drive
 * leaves unset fields out of its answers.
 */
import { DriveItem, DriveStore, FOLDER_MIME } from '../drive/store';
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
  'copyRequiresWriterPermission',
  'downloadRestrictions',
  'driveId',
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
  'md5Checksum',
  'modifiedByMe',
  'modifiedByMeTime',
  'originalFilename',
  'permissionIds',
  'permissions',
  'properties',
  'quotaBytesUsed',
  'resourceKey',
  'sha1Checksum',
  'sha256Checksum',
  'shared',
  'sharedWithMeTime',
  'shortcutDetails',
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
  webViewLink: true,
  createdTime: true,
  modifiedTime: true,
  ownedByMe: true,
  spaces: true,
  owners: USER_SCHEMA,
  lastModifyingUser: USER_SCHEMA,
  sharingUser: USER_SCHEMA,
  trashingUser: USER_SCHEMA,
  capabilities: Object.fromEntries(CAPABILITY_NAMES.map((n) => [n, true as const])),
  ...Object.fromEntries(UNMODELLED_FILE_FIELDS.map((n) => [n, true as const])),
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

/** The File resource `user` sees: parents only when the user can see them. */
export function fileResource(store: DriveStore, item: DriveItem, user: string) {
  const folder = item.mimeType === FOLDER_MIME;
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
    // Drive sends int64 values as JSON strings, and no size for folders.
    size: folder ? undefined : String(item.size),
    webViewLink: viewLink(item),
    createdTime: new Date(item.createdAt).toISOString(),
    modifiedTime: new Date(item.updatedAt).toISOString(),
    ownedByMe: item.owner === user,
    spaces: ['drive'],
    owners: [userResource(item.owner, user)],
    capabilities: capabilities(store, item, user),
    starred: false,
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

/** Drive documents that only the owner can trash or delete an item in My Drive. */
function capabilities(store: DriveStore, item: DriveItem, user: string) {
  const folder = item.mimeType === FOLDER_MIME;
  const view = store.canView(item.id, user);
  const edit = store.canEdit(item.id, user);
  const owner = item.owner === user;
  return {
    canAddChildren: folder && edit,
    canComment: view,
    canCopy: !folder && view,
    canDelete: owner,
    canDownload: view,
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
