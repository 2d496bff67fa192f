/**
 * Shared drives and the client folder chooser: browsing My Drive, Shared with me and Shared
 * drives; a staging folder and a client folder in a shared drive working end to end; the full
 * path and who can see the chosen folder; My Drive itself and folders holding the tasks' source
 * files refused with a plain reason, nothing changed.
 */
import type { CallInfo } from '../../emulator';
import { Demo, call, callError, demoWorkspace, rows, snapshot, tree } from '../helpers/workspace';
import { deliver, deliveryFolder, stageAll, validTasks } from '../helpers/delivery';

interface Listing {
  folder: { id: string; name: string; canAddChildren: boolean };
  place: string | null;
  folders: Array<{ id: string; name: string; canAddChildren: boolean }>;
  nextPageToken: string | null;
}

interface Check {
  ok: boolean;
  folder: { id: string; name: string; path: string[]; access: string } | null;
  error: string | null;
}

/** The folder of a staged task's production files (its .obj). */
function taskFolder(d: Demo): string {
  const obj = validTasks(d)[0]
    .fileIds.map((id) => d.ws.drive.get(id)!)
    .find((f) => f.name.endsWith('.obj'))!;
  return obj.parentId!;
}

const check = (d: Demo, folderId: string, batchId: string | null) =>
  call<Check>(d, 'checkClientFolder', folderId, batchId);

function exportLog(d: Demo): unknown[][] {
  return d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log').slice(1);
}

describe('browsing where a folder can be', () => {
  test('Shared with me lists the folders others shared with the user; nothing is chosen there', () => {
    const d = demoWorkspace();
    const before = snapshot(d);
    const shared = call<Listing>(d, 'listDriveFolders', null, null, 'sharedWithMe');
    expect(shared.place).toBe('sharedWithMe');
    expect(shared.folder).toEqual({ id: '', name: 'Shared with me', canAddChildren: false });
    expect(shared.folders).toEqual([
      { id: d.demo.folders.clientViewOnly, name: 'Globex', canAddChildren: false },
      { id: d.demo.folders.clientSharedWithMe, name: 'Umbrella', canAddChildren: true },
    ]);
    expect(snapshot(d)).toEqual(before);
  });

  test('Shared drives lists the drives the user is a member of, and a drive opens as a folder', () => {
    const d = demoWorkspace();
    d.ws.drive.createSharedDrive({
      name: 'Not ours',
      members: { [d.demo.users.other]: 'organizer' },
    });
    const drives = call<Listing>(d, 'listDriveFolders', null, null, 'sharedDrives');
    expect(drives.place).toBe('sharedDrives');
    expect(drives.folders).toEqual([
      { id: d.demo.folders.sharedDrive, name: 'Client deliveries', canAddChildren: true },
    ]);
    const inside = call<Listing>(d, 'listDriveFolders', d.demo.folders.sharedDrive, null);
    expect(inside.place).toBeNull();
    expect(inside.folder.name).toBe('Client deliveries');
    expect(inside.folders).toEqual([
      { id: d.demo.folders.clientInSharedDrive, name: 'Initech', canAddChildren: true },
    ]);
  });

  test('My Drive stays the default, and an unknown place is refused plainly', () => {
    const d = demoWorkspace();
    const root = call<Listing>(d, 'listDriveFolders', null, null);
    expect(root.place).toBeNull();
    expect(root.folder.name).toBe('My Drive');
    expect(callError(d, 'listDriveFolders', null, null, 'elsewhere')).toMatch(
      /"elsewhere" is not a place in Drive\./,
    );
  });
});

describe('the client folder: path, who can see it, refusals', () => {
  test('the full path and who can see it, in My Drive, Shared with me and a shared drive', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    expect(check(d, d.demo.folders.clientAcme, batchId).folder).toMatchObject({
      name: 'Acme Corp',
      path: ['My Drive', 'Clients', 'Acme Corp'],
      access: 'Only you',
    });
    d.ws.drive.share(d.demo.folders.clientAcme, 'client@example.com', 'viewer');
    d.ws.drive.share(d.demo.folders.clients, 'lead@example.com', 'editor');
    expect(check(d, d.demo.folders.clientAcme, batchId).folder?.access).toBe(
      'Shared with 2 people',
    );
    expect(check(d, d.demo.folders.clientSharedWithMe, batchId).folder).toMatchObject({
      path: ['Shared with me', 'Umbrella'],
      access: `Owned by ${d.demo.users.other}, shared with 1 person`,
    });
    expect(check(d, d.demo.folders.clientInSharedDrive, batchId).folder).toMatchObject({
      path: ['Shared drives', 'Client deliveries', 'Initech'],
      access: 'Members of Client deliveries',
    });
  });

  test('My Drive itself is refused with a plain reason, and nothing changes', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const before = snapshot(d);
    const root = d.ws.drive.rootId(d.ws.owner);
    expect(check(d, root, batchId)).toEqual({
      ok: false,
      folder: null,
      error:
        '"My Drive" is the top of your Drive, where everything of yours is, not a client\'s folder. Choose the client\'s own folder, or make one in My Drive first.',
    });
    expect(callError(d, 'executeDeliveryWizard', batchId, root)).toMatch(
      /is the top of your Drive/,
    );
    expect(snapshot(d)).toEqual(before);
  });

  test.each([
    ['the production folder', (d: Demo) => d.demo.folders.production],
    ['the base images folder', (d: Demo) => d.demo.folders.baseImages],
    ["a work batch's folder", (d: Demo) => d.ws.drive.get(taskFolder(d))!.parentId!],
    ["a task's own folder", taskFolder],
  ])('a folder holding the source files (%s) is refused, and nothing changes', (_, folderOf) => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const folder = folderOf(d);
    const before = snapshot(d);
    const answer = check(d, folder, batchId);
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatch(
      new RegExp(
        `^"${d.ws.drive.get(folder)!.name}" holds the tasks' source files \\(those of task [^)]+, for one\\), which stay internal\\.`,
      ),
    );
    expect(callError(d, 'executeDeliveryWizard', batchId, folder)).toMatch(
      /holds the tasks' source files/,
    );
    expect(snapshot(d)).toEqual(before);
  });
});

describe('a shared drive end to end', () => {
  const copiers = ['rest', 'driveapp'] as const;
  const withCopier = (copier: (typeof copiers)[number], o = {}) => {
    const d = demoWorkspace(o);
    if (copier === 'driveapp') d.ws.properties.script.set('EXPORT_COPIER', 'driveapp');
    return d;
  };

  test.each(copiers)(
    'delivering into a client folder in a shared drive (%s copier): files arrive, tasks delivered, logged',
    (copier) => {
      const d = withCopier(copier);
      const batchId = stageAll(d);
      const logBefore = exportLog(d).length;
      const start = deliver(d, batchId, d.demo.folders.clientInSharedDrive);
      expect(start.clientFolder.name).toBe('Initech');
      d.ws.settle();
      const folder = deliveryFolder(d, batchId, d.demo.folders.clientInSharedDrive)!;
      expect(folder.driveId).toBe(d.demo.folders.sharedDrive);
      const files = [...tree(d, folder.id).keys()];
      const expected = validTasks(d).reduce((n, t) => n + t.expectedFiles, 0);
      expect(files.filter((f) => /\.[a-z0-9]+$/i.test(f))).toHaveLength(expected);
      const delivered = rows(d).filter(
        (r) => r['Export Batch ID'] === batchId && r['Export Status'] === 'delivered',
      );
      expect(delivered.map((r) => r['Task ID']).sort()).toEqual(
        validTasks(d)
          .map((t) => t.taskId)
          .sort(),
      );
      const logged = exportLog(d)
        .slice(logBefore)
        .map((r) => r.join(' '));
      expect(logged.filter((r) => r.includes('delivered'))).toHaveLength(delivered.length);
    },
  );

  test.each(copiers)(
    'staging into a staging folder in a shared drive (%s copier), then delivering from it',
    (copier) => {
      const d = withCopier(copier, { configureStaging: false });
      const staging = d.ws.drive.createFolder({
        name: 'Team staging',
        parentId: d.demo.folders.sharedDrive,
        owner: d.ws.owner,
      });
      call(d, 'saveStagingFolder', `https://drive.google.com/drive/folders/${staging.id}`);
      const batchId = stageAll(d);
      const staged = rows(d).filter(
        (r) => r['Export Batch ID'] === batchId && r['Export Status'] === 'staged',
      );
      expect(staged.map((r) => r['Task ID']).sort()).toEqual(
        validTasks(d)
          .map((t) => t.taskId)
          .sort(),
      );
      const batchFolder = d.ws.drive.children(staging.id)[0];
      expect(batchFolder.driveId).toBe(d.demo.folders.sharedDrive);
      // The internal export sheet is kept with the batch, in the shared drive.
      expect(d.ws.drive.children(batchFolder.id).map((i) => i.name)).toContain(
        `Export_${batchId}_Data`,
      );
      deliver(d, batchId, d.demo.folders.clientAcme);
      d.ws.settle();
      const delivered = rows(d).filter(
        (r) => r['Export Batch ID'] === batchId && r['Export Status'] === 'delivered',
      );
      expect(delivered.map((r) => r['Task ID']).sort()).toEqual(
        staged.map((r) => r['Task ID']).sort(),
      );
      expect(deliveryFolder(d, batchId)).toBeDefined();
    },
  );
});

describe('when Drive does not answer', () => {
  const busy = (about: string) =>
    new RegExp(
      `Google Drive is busy and did not answer about ${about}, even after several tries \\(code 50[03]\\)\\. Try again in a few minutes\\.`,
    );
  const drivesList = (c: CallInfo) =>
    c.service === 'UrlFetchApp' && c.method === 'drive.drives.list';

  test('the shared drives not listed: a plain message to try again', () => {
    const d = demoWorkspace();
    d.ws.faults.add({ kind: 'transient5xx', probability: 1, match: drivesList });
    expect(callError(d, 'listDriveFolders', null, null, 'sharedDrives')).toMatch(
      busy('your shared drives'),
    );
  });

  test('a stale page of shared drives: open them again', () => {
    const d = demoWorkspace();
    for (let i = 0; i < 120; i += 1) {
      d.ws.drive.createSharedDrive({ name: `Drive ${i}`, members: { [d.ws.owner]: 'reader' } });
    }
    const first = call<Listing>(d, 'listDriveFolders', null, null, 'sharedDrives');
    expect(first.folders).toHaveLength(100);
    const more = call<Listing>(d, 'listDriveFolders', null, first.nextPageToken, 'sharedDrives');
    expect(more.folders).toHaveLength(21);
    const fromFolders = call<Listing>(d, 'listDriveFolders', null, null, 'sharedWithMe');
    expect(fromFolders.nextPageToken).toBeNull();
    expect(callError(d, 'listDriveFolders', null, 'not-a-token', 'sharedDrives')).toMatch(
      /The list of folders in "Shared drives" changed\. Open Shared drives again\./,
    );
  });

  test("the tasks' source folders not read: the check says Drive is busy, and nothing changes", () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const production = d.demo.folders.production;
    d.ws.faults.add({
      kind: 'transient5xx',
      probability: 1,
      match: (c) =>
        c.service === 'UrlFetchApp' &&
        c.method === 'drive.files.get' &&
        c.detail === `files/${production}`,
    });
    const before = snapshot(d);
    const answer = check(d, d.demo.folders.clientAcme, batchId);
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatch(busy("the folders of the tasks' source files"));
    expect(callError(d, 'executeDeliveryWizard', batchId, d.demo.folders.clientAcme)).toMatch(
      busy("the folders of the tasks' source files"),
    );
    expect(snapshot(d)).toEqual(before);
  });
});
