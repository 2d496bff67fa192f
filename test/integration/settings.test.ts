import { Demo, call, callError as rawError, demoWorkspace, snapshot } from '../helpers/workspace';

interface Folder {
  id: string;
  name: string;
  url: string;
}
interface Listing {
  folder: { id: string; name: string; canAddChildren: boolean };
  folders: Array<{ id: string; name: string; canAddChildren: boolean }>;
  nextPageToken: string | null;
}

/** The message as the page shows it: without the error's type name in front. */
const callError = (d: Demo, fn: string, ...args: unknown[]) =>
  rawError(d, fn, ...args).replace(/^[A-Za-z]*(?:Error|Exception): /, '');

const unset = () => demoWorkspace({ configureStaging: false });
const setting = (d: Demo) => d.ws.properties.script.get('STAGING_FOLDER_ID') ?? null;
const folderUrl = (id: string) => `https://drive.google.com/drive/folders/${id}`;

/** Every page of a folder's sub-folders, following the page tokens. */
function allPages(d: Demo, folderId: string | null): Listing['folders'] {
  const out: Listing['folders'] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const page: Listing = call<Listing>(d, 'listDriveFolders', folderId, token);
    out.push(...page.folders);
    token = page.nextPageToken;
    pages += 1;
  } while (token && pages < 50);
  return out;
}

describe('saving the staging folder (Configure staging folder)', () => {
  test.each([
    ['a folder link', (id: string) => folderUrl(id)],
    ['a shared folder link', (id: string) => `${folderUrl(id)}?usp=sharing`],
    [
      'a link of a second account',
      (id: string) => `https://drive.google.com/drive/u/1/folders/${id}`,
    ],
    ['a bare id with spaces around', (id: string) => `  ${id} `],
  ])('by %s: checked, saved, confirmed with name and link', (_shape, link) => {
    const d = unset();
    const staging = d.demo.folders.staging;
    const saved = call<Folder>(d, 'saveStagingFolder', link(staging));
    expect(saved).toEqual({ id: staging, name: 'Exports Staging', url: folderUrl(staging) });
    expect(setting(d)).toBe(staging);
    expect(call(d, 'getStagingConfiguration')).toEqual({
      folder: saved,
      error: null,
      unset: false,
    });
  });

  test('a later save replaces the setting', () => {
    const d = demoWorkspace();
    call(d, 'saveStagingFolder', folderUrl(d.demo.folders.clientAcme));
    expect(setting(d)).toBe(d.demo.folders.clientAcme);
  });

  test.each([
    [
      'text that is no link',
      () => 'the staging folder',
      /^"the staging folder" is not a Drive folder link\. Open the folder in Drive and copy its address, or browse to it\.$/,
    ],
    ['an empty field', () => '', /^Paste the staging folder's link, or browse to the folder\.$/],
    ['another site', () => 'https://www.dropbox.com/home/staging', /is not a Drive folder link\./],
    [
      'a folder that does not exist',
      () => folderUrl('1NoSuchFolderAnywhereXXXXXXXXXX'),
      /^The staging folder you chose does not exist or is not shared with you\. Check the link or ask its owner to share it\.$/,
    ],
  ])('refuses %s, saying why; nothing changes', (_what, link, message) => {
    const d = demoWorkspace();
    const before = snapshot(d);
    expect(callError(d, 'saveStagingFolder', link())).toMatch(message);
    expect(snapshot(d)).toEqual(before);
  });

  test.each([
    [
      'a spreadsheet',
      'https://docs.google.com/spreadsheets/d/1abcDEFghiJKLmnoPQRstuVWXyz0123/edit#gid=0',
    ],
    ['a document', 'https://docs.google.com/document/d/1abcDEFghiJKLmnoPQRstuVWXyz0123/edit'],
    [
      'a presentation',
      'https://docs.google.com/presentation/d/1abcDEFghiJKLmnoPQRstuVWXyz0123/edit',
    ],
    ['a file', 'https://drive.google.com/file/d/1abcDEFghiJKLmnoPQRstuVWXyz0123/view?usp=sharing'],
    ['a file', 'https://drive.google.com/open?id=1abcDEFghiJKLmnoPQRstuVWXyz0123'],
  ])('a link to %s is refused as such, for the staging and the client folder', (kind, link) => {
    const d = unset();
    const before = snapshot(d);
    const said = `That is a link to ${kind}, not to a folder. Open the folder in Drive and copy its address, or browse to it.`;
    expect(callError(d, 'saveStagingFolder', link)).toBe(said);
    expect(call(d, 'checkClientFolder', link, null)).toEqual({
      ok: false,
      folder: null,
      error: said,
    });
    expect(snapshot(d)).toEqual(before);
  });

  test('a missing folder is named in words, never by its id', () => {
    const d = demoWorkspace();
    const id = '1NoSuchFolderIdAtAllXXXXXXXXXXX';
    const answer = call<{ error: string }>(d, 'checkClientFolder', folderUrl(id), null);
    expect(answer.error).toBe(
      'The client folder you chose does not exist or is not shared with you. Check the link or ask its owner to share it.',
    );
    expect(answer.error).not.toContain(id);
  });

  test('refuses a file, a trashed folder and a folder without write access, naming it', () => {
    const d = unset();
    const file = d.demo.tasks[0].fileIds[0];
    const fileName = d.ws.drive.get(file)!.name;
    const before = snapshot(d);
    // A bare id says nothing of what it is: Drive's MIME type tells a file from a folder.
    expect(callError(d, 'saveStagingFolder', file)).toBe(
      `"${fileName}" is a file, not a folder. Choose the folder to use as the staging folder.`,
    );
    expect(callError(d, 'saveStagingFolder', d.demo.folders.clientViewOnly)).toBe(
      'You cannot add files to the staging folder "Globex". Ask its owner for edit access or choose another folder.',
    );
    expect(snapshot(d)).toEqual(before);
    d.ws.drive.trash(d.demo.folders.clients);
    const trashed = snapshot(d);
    // Inside a trashed folder counts as trashed, as Drive reports it.
    expect(callError(d, 'saveStagingFolder', d.demo.folders.clientAcme)).toBe(
      'The staging folder "Acme Corp" is in the trash. Restore it or choose another.',
    );
    expect(snapshot(d)).toEqual(trashed);
    expect(setting(d)).toBeNull();
  });

  test('a folder someone else owns and shared as editor can be the staging folder', () => {
    const d = unset();
    const shared = d.ws.drive.createFolder({
      name: 'Team staging',
      parentId: d.ws.drive.rootId(d.demo.users.other),
      owner: d.demo.users.other,
    });
    d.ws.drive.share(shared.id, d.ws.owner, 'editor');
    expect(call<Folder>(d, 'saveStagingFolder', folderUrl(shared.id)).name).toBe('Team staging');
  });
});

describe('browsing Drive folders for the folder pickers', () => {
  test('a page Drive cuts short to nothing is read on: "no folders" is shown only when true', () => {
    // Drive may answer a page partial or empty before the end of the list (1 in 10 pages here).
    const d = demoWorkspace();
    for (let i = 0; i < 60; i++) {
      for (const place of ['sharedWithMe', 'myDrive'] as const) {
        const page = call<Listing>(d, 'listDriveFolders', null, null, place);
        expect({ i, place, empty: page.folders.length === 0 }).toEqual({ i, place, empty: false });
      }
    }
  });

  test('My Drive first: its folders by name, with whether files can be added, never files', () => {
    const d = demoWorkspace();
    const before = snapshot(d);
    const root = call<Listing>(d, 'listDriveFolders', null, null);
    expect(root.folder).toEqual({
      id: d.ws.drive.rootId(d.ws.owner),
      name: 'My Drive',
      canAddChildren: true,
    });
    // Drive may cut a page short before the end: the pages together hold every folder.
    const folders = allPages(d, null);
    expect(folders.map((f) => f.name).sort()).toEqual(['Clients', 'Exports Staging', 'Production']);
    expect(folders.every((f) => f.canAddChildren)).toBe(true);
    // Listing reads only.
    expect(snapshot(d)).toEqual(before);
    expect(call<Listing>(d, 'listDriveFolders', 'root', '')).toEqual(root);
  });

  test('a sub-folder lists its folders; trashed ones are left out', () => {
    const d = demoWorkspace();
    const staging = call<Listing>(d, 'listDriveFolders', d.demo.folders.staging, null);
    expect(staging.folder.name).toBe('Exports Staging');
    expect(staging.folders).toEqual([
      { id: d.demo.folders.insideStaging, name: 'Not a client folder', canAddChildren: true },
    ]);
    d.ws.drive.trash(d.demo.folders.insideStaging!);
    expect(call<Listing>(d, 'listDriveFolders', d.demo.folders.staging, null).folders).toEqual([]);
  });

  test('a folder shared as viewer can be opened but is marked as not writable', () => {
    const d = demoWorkspace();
    const viewOnly = call<Listing>(d, 'listDriveFolders', d.demo.folders.clientViewOnly, null);
    expect(viewOnly.folder).toEqual({
      id: d.demo.folders.clientViewOnly,
      name: 'Globex',
      canAddChildren: false,
    });
  });

  test('many folders come a page at a time; following the tokens gives each exactly once', () => {
    const d = demoWorkspace();
    const parent = d.demo.folders.clients;
    const names = Array.from({ length: 230 }, (_, i) => `Client ${String(i).padStart(3, '0')}`);
    for (const name of names)
      d.ws.drive.createFolder({ name, parentId: parent, owner: d.ws.owner });
    const first = call<Listing>(d, 'listDriveFolders', parent, null);
    expect(first.folders.length).toBeLessThanOrEqual(100);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const listed = allPages(d, parent).map((f) => f.name);
    expect(listed.sort()).toEqual(['Acme Corp', ...names].sort());
  });

  test('bad, missing and trashed folders get a plain message, and nothing changes', () => {
    const d = demoWorkspace();
    const other = d.demo.users.other;
    // A folder of someone else's that was never shared is as good as missing.
    const secret = d.ws.drive.createFolder({
      name: 'Private',
      parentId: d.ws.drive.rootId(other),
      owner: other,
    });
    const file = d.demo.tasks[0].fileIds[0];
    const before = snapshot(d);
    expect(callError(d, 'listDriveFolders', "x' or name contains 'a", null)).toBe(
      `"x' or name contains 'a" is not a Drive folder id.`,
    );
    const missing =
      'does not exist or is not shared with you. Go back to My Drive and try another folder.';
    expect(callError(d, 'listDriveFolders', '1NoSuchFolderAnywhereXXXXXXXXXX', null)).toBe(
      `The folder 1NoSuchFolderAnywhereXXXXXXXXXX ${missing}`,
    );
    expect(callError(d, 'listDriveFolders', secret.id, null)).toBe(
      `The folder ${secret.id} ${missing}`,
    );
    expect(callError(d, 'listDriveFolders', file, null)).toBe(
      `"${d.ws.drive.get(file)!.name}" is a file, not a folder.`,
    );
    expect(snapshot(d)).toEqual(before);
    d.ws.drive.trash(d.demo.folders.staging);
    expect(callError(d, 'listDriveFolders', d.demo.folders.staging, null)).toBe(
      'The folder "Exports Staging" is in the trash.',
    );
  });

  test('a page token from another folder is refused with what to do', () => {
    const d = demoWorkspace();
    const parent = d.demo.folders.clients;
    for (let i = 0; i < 150; i++)
      d.ws.drive.createFolder({ name: `C${i}`, parentId: parent, owner: d.ws.owner });
    const token = call<Listing>(d, 'listDriveFolders', parent, null).nextPageToken!;
    expect(callError(d, 'listDriveFolders', d.demo.folders.production, token)).toBe(
      'The list of folders in "Production" changed. Open the folder again.',
    );
  });

  test('Drive answering an error is tried again; still failing, it is reported with what to do', () => {
    const d = demoWorkspace();
    // The folder is found, then listing its sub-folders answers a server error once: tried again.
    d.ws.faults.add({ kind: 'transient5xx', nth: 2, match: (c) => c.service === 'UrlFetchApp' });
    expect(allPages(d, null)).toHaveLength(3);
    // Failing every time it is asked, the page says so.
    const rule = d.ws.faults.add({
      kind: 'transient5xx',
      probability: 1,
      match: (c) => c.method === 'drive.files.list',
    });
    expect(callError(d, 'listDriveFolders', null, null)).toMatch(
      /^Google Drive is busy and did not answer about the folders in "My Drive", even after several tries \(code 50\d\)\. Try again in a few minutes\.$/,
    );
    d.ws.faults.remove(rule);
    expect(allPages(d, null)).toHaveLength(3);
  });
});
