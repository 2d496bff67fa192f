/**
 * Nothing internal reaches the client (DESIGN invariant 3): after two batches are delivered to two
 * clients, a scan of every item in the client folders finds only the delivery folder (named for
 * its batch), the task folders (named by their Folder Name) and the staged files under their own
 * names, with no description, and nothing of the internal data: reviewer, score, agent, other
 * batches' ids, export statuses, the export sheet or the Export Log, however much of it sits in
 * the staging folder.
 */
import { Demo, demoWorkspace, rows } from '../helpers/workspace';
import { deliver, deliveryFolder } from '../helpers/delivery';
import { allUnder, batchFolder, preview, stage } from '../helpers/bad-inputs';

const FOLDER_MIME = 'application/vnd.google-apps.folder';
const GOOGLE_APPS = /^application\/vnd\.google-apps\.(?!folder$)/;
const STATUSES = [
  'staging',
  'staged',
  'delivering',
  'delivered',
  'staging_failed',
  'delivery_failed',
];

type Item = ReturnType<Demo['ws']['drive']['children']>[number];

/** Two batches (by work batch) staged and delivered to two clients, with internal notes about. */
function deliveredToTwoClients() {
  const d = demoWorkspace({ demo: { tasks: 30, hostile: true } });
  const sheet = rows(d);
  const internal = (id: string) => sheet.find((r) => r['Task ID'] === id)!;
  const works = [...new Set(sheet.map((r) => String(r['Batch ID'])))].sort();
  const batches = works.slice(0, 2).map((work) => {
    const ids = preview(d, { batchIds: [work] }).taskIds;
    // Internal data in a source file's description travels with every copy made of it.
    for (const id of ids) {
      const task = d.demo.tasks.find((t) => t.taskId === id)!;
      const row = internal(id);
      d.ws.drive.update(task.fileIds[3], {
        description: `Reviewer ${row['Reviewer']}, score ${row['Review Score']}, agent ${row['Agent']}`,
      });
    }
    const start = stage(d, ids);
    d.ws.settle();
    return start.batchId;
  });
  // Ops notes in the staging folders: on the batch folder, a task folder, a staged file, and a
  // file of their own.
  for (const batchId of batches) {
    const folder = batchFolder(d, batchId);
    d.ws.drive.update(folder.id, { description: `Internal: export batch ${batchId}` });
    d.ws.drive.createFile({
      name: 'review notes.txt',
      mimeType: 'text/plain',
      parentId: folder.id,
      owner: d.ws.owner,
      description: 'scores and reviewers',
    });
    const taskFolder = d.ws.drive.children(folder.id).find((i) => i.mimeType === FOLDER_MIME)!;
    d.ws.drive.update(taskFolder.id, { description: 'staged; reviewer signed off' });
    const file = d.ws.drive.children(taskFolder.id)[0];
    d.ws.drive.update(file.id, { description: 'staging_failed once, then staged' });
  }
  const initech = d.ws.drive.createFolder({
    name: 'Initech',
    parentId: d.demo.folders.clients,
    owner: d.ws.owner,
  });
  const clients = [d.demo.folders.clientAcme, initech.id];
  batches.forEach((batchId, i) => deliver(d, batchId, clients[i]));
  d.ws.settle();
  return { d, batches, clients };
}

describe('after delivery, the client folders hold the task files and nothing internal', () => {
  const { d, batches, clients } = deliveredToTwoClients();
  const sheet = rows(d);

  test('every delivered task arrived', () => {
    for (const batchId of batches) {
      const delivered = sheet.filter(
        (r) => r['Export Batch ID'] === batchId && r['Export Status'] === 'delivered',
      );
      expect(delivered.length).toBeGreaterThan(2);
    }
  });

  test('names: the batch’s folder, its task folders by Folder Name, the staged files by their names', () => {
    batches.forEach((batchId, i) => {
      const client = clients[i];
      expect(d.ws.drive.children(client, { includeTrashed: true }).map((f) => f.name)).toEqual([
        batchId,
      ]);
      const delivered = deliveryFolder(d, batchId, client)!;
      const staging = batchFolder(d, batchId);
      const expected = sheet
        .filter((r) => r['Export Batch ID'] === batchId && r['Export Status'] === 'delivered')
        .map((r) => String(r['Folder Name']))
        .sort();
      const taskFolders = d.ws.drive.children(delivered.id, { includeTrashed: true });
      expect(taskFolders.map((f) => f.name).sort()).toEqual(expected);
      for (const folder of taskFolders) {
        expect(folder.mimeType).toBe(FOLDER_MIME);
        const staged = d.ws.drive.children(staging.id).find((f) => f.name === folder.name)!;
        const names = (id: string) =>
          d.ws.drive
            .children(id, { includeTrashed: true })
            .map((f) => f.name)
            .sort();
        expect(names(folder.id)).toEqual(names(staged.id));
      }
    });
  });

  test('no description, no sheet or Google file, nothing of the internal data in any item', () => {
    const items: Item[] = clients.flatMap((c) => allUnder(d, c));
    expect(items.length).toBeGreaterThan(40);
    const internalValues = [
      ...new Set(
        sheet.flatMap((r) => [String(r['Reviewer']), String(r['Agent'])]).filter((v) => v !== ''),
      ),
    ];
    for (const item of items) {
      expect([item.name, item.description]).toEqual([item.name, '']);
      expect([item.name, item.mimeType]).toEqual([
        item.name,
        expect.not.stringMatching(GOOGLE_APPS),
      ]);
      expect(internalValues.filter((v) => item.name.includes(v))).toEqual([]);
      expect(item.name).not.toMatch(/Export_|_Data\b|Export Log|review notes|reviewer|score/i);
      expect(item.name).not.toMatch(new RegExp(`(^|[^a-z_])(${STATUSES.join('|')})($|[^a-z_])`));
    }
    // Each client sees its own batch's id only, as the name of its delivery folder.
    batches.forEach((batchId, i) => {
      const others = batches.filter((b) => b !== batchId);
      for (const item of allUnder(d, clients[i])) {
        for (const other of others) expect(item.name).not.toContain(other);
        if (item.name.includes(batchId)) expect(item.name).toBe(batchId);
      }
    });
  });

  test('the internal data stayed in staging, where it was', () => {
    for (const batchId of batches) {
      const staging = allUnder(d, batchFolder(d, batchId).id);
      expect(staging.some((i) => i.name === `Export_${batchId}_Data`)).toBe(true);
      expect(staging.some((i) => i.name === 'review notes.txt')).toBe(true);
      expect(staging.some((i) => i.description.includes('Reviewer'))).toBe(true);
    }
    // The Export Log is a sheet of the tracking spreadsheet, which is in no client folder.
    expect(d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log').length).toBeGreaterThan(10);
    for (const client of clients) {
      expect(d.ws.drive.isWithin(d.demo.spreadsheetId, client)).toBe(false);
    }
  });
});
