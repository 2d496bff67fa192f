import { FOLDER_MIME } from '../drive/store';
import { DemoWorkspace, TRACKING_HEADERS, seedDemo } from '.';
import { bareHost, idsIn } from './testkit';

const col = (name: string) => TRACKING_HEADERS.indexOf(name);
const LINK_COLUMNS = [
  'Base Image 1',
  'Base Image 2',
  'Base Image 3',
  'OBJ File',
  'Production Images',
  'Video',
  'Alignment File',
].map(col);

function seeded(options = {}, seed = 3) {
  const host = bareHost(seed);
  const demo = seedDemo(host, options);
  const rows = host.sheets.values(demo.spreadsheetId, 'Tasks');
  return { host, demo, rows, data: rows.slice(1) };
}

describe('the tracking sheet', () => {
  const { host, demo, rows, data } = seeded();

  it('is the active spreadsheet, with a Tasks sheet of headers and one row per task', () => {
    expect(host.sheets.activeId).toBe(demo.spreadsheetId);
    expect(demo.sheetName).toBe('Tasks');
    expect(rows[0]).toEqual([...TRACKING_HEADERS]);
    expect(demo.headers).toEqual([...TRACKING_HEADERS]);
    expect(data).toHaveLength(24);
    expect(demo.tasks).toHaveLength(24);
    expect(host.sheets.sheet(demo.spreadsheetId, 'Tasks').frozenRows).toBe(1);
  });

  it('is owned by the owner and shared with the viewer for viewing only', () => {
    const file = host.drive.get(demo.spreadsheetId)!;
    expect(file.owner).toBe('ops@example.com');
    expect(host.drive.canView(file.id, demo.users.viewer)).toBe(true);
    expect(host.drive.canEdit(file.id, demo.users.viewer)).toBe(false);
    expect(host.users).toEqual(['ops@example.com', 'other@example.com', 'viewer@example.com']);
  });

  it('describes each row as DemoTask says', () => {
    demo.tasks.forEach((task, i) => {
      expect(task.row).toBe(i + 2);
      const row = rows[task.row - 1];
      expect(row[col('Task ID')]).toBe(task.taskId);
      expect(row[col('Folder Name')]).toBe(task.folderName);
      expect(row[col('Batch ID')]).toBe(task.batchId);
      expect(task.folderName).toMatch(/^TSK-\d{4}_[a-z]+(_[a-z]+)+$/);
    });
  });

  it('has a small team, 3-4 work batches and complete tasks mostly', () => {
    const distinct = (name: string) => new Set(data.map((r) => r[col(name)]).filter(Boolean));
    expect(distinct('Agent').size).toBeGreaterThanOrEqual(4);
    expect(distinct('Agent').size).toBeLessThanOrEqual(5);
    expect(distinct('Reviewer').size).toBeGreaterThanOrEqual(2);
    expect(distinct('Reviewer').size).toBeLessThanOrEqual(3);
    const batches = [...distinct('Batch ID')] as string[];
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(batches.length).toBeLessThanOrEqual(4);
    batches.forEach((b) => expect(b).toMatch(/^B-\d{4}-\d{2}-[A-Z]$/));
    const complete = data.filter((r) => r[col('Status')] === 'complete').length;
    expect(complete).toBe(23);
  });

  it('holds dates as Dates, in order, in the weeks before now', () => {
    const now = host.ctx.clock.now();
    for (const row of data) {
      const created = row[col('Created Date')] as Date;
      expect(created).toBeInstanceOf(Date);
      expect(created.getTime()).toBeGreaterThan(now - 9 * 7 * 86_400_000);
      const later = ['Completed Date', 'Review Date', 'Export Time']
        .map((name) => row[col(name)])
        .filter((v): v is Date => v !== '');
      let previous = created.getTime();
      for (const date of later) {
        expect(date).toBeInstanceOf(Date);
        expect(date.getTime()).toBeGreaterThan(previous);
        previous = date.getTime();
      }
      expect(previous).toBeLessThan(now);
    }
  });

  it('scores reviewed tasks 0-100 and leaves unreviewed ones blank', () => {
    for (const row of data) {
      const status = row[col('Review Status')];
      const score = row[col('Review Score')];
      expect(['passed', 'failed', 'pending', '']).toContain(status);
      if (status === 'passed' || status === 'failed') {
        expect(typeof score).toBe('number');
        expect(score).toBeGreaterThanOrEqual(status === 'passed' ? 70 : 0);
        expect(score).toBeLessThanOrEqual(100);
      } else {
        expect(score).toBe('');
      }
    }
  });

  it('leaves Export Status and Staged Count empty for the add-on to fill', () => {
    for (const row of data) {
      expect(row[col('Export Status')]).toBe('');
      expect(row[col('Staged Count')]).toBe('');
    }
  });
});

describe('the files of valid tasks', () => {
  const { host, demo, rows } = seeded();
  const valid = demo.tasks.filter((t) => t.kind === 'valid');

  it('are linked by every link cell and resolve to the owner’s live files', () => {
    expect(valid.length).toBeGreaterThanOrEqual(8);
    for (const task of valid) {
      const row = rows[task.row - 1];
      const ids = LINK_COLUMNS.flatMap((c) => idsIn(row[c]));
      expect(ids).toEqual(task.fileIds);
      expect(ids).toHaveLength(8);
      expect(task.expectedFiles).toBe(8);
      for (const id of ids) {
        const file = host.drive.get(id)!;
        expect(file).toBeDefined();
        expect(host.drive.isTrashed(id)).toBe(false);
        expect(host.drive.canEdit(id, demo.users.owner)).toBe(true);
        expect(file.size).toBeGreaterThan(0);
        expect(file.mimeType).not.toBe(FOLDER_MIME);
      }
    }
  });

  it('sit under Production/<Batch ID>/<Folder Name>/, named after the folder', () => {
    for (const task of valid) {
      const production = task.fileIds.slice(3).map((id) => host.drive.get(id)!);
      const names = production.map((f) => f.name);
      expect(names).toEqual([
        `${task.folderName}.obj`,
        `${task.folderName}_render_01.jpg`,
        `${task.folderName}_render_02.jpg`,
        `${task.folderName}.mp4`,
        `${task.folderName}_alignment.json`,
      ]);
      for (const file of production) {
        expect(host.drive.pathOf(file.id)).toBe(
          `My Drive/Production/${task.batchId}/${task.folderName}/${file.name}`,
        );
      }
    }
  });

  it('keep base images apart, named without the folder name', () => {
    for (const task of valid) {
      const base = task.fileIds.slice(0, 3).map((id) => host.drive.get(id)!);
      expect(base.map((f) => f.name)).toEqual(['base_front.jpg', 'base_side.jpg', 'base_top.jpg']);
      for (const file of base) {
        expect(file.name).not.toContain(task.folderName);
        expect(host.drive.pathOf(file.id)).toBe(
          `My Drive/Production/Base Images/${task.folderName}/${file.name}`,
        );
      }
    }
  });

  it('have the MIME types and sizes of real renders, videos, models and alignments', () => {
    const MB = 1024 * 1024;
    const ranges: Record<string, [string[], number, number]> = {
      jpg: [['image/jpeg'], 1 * MB, 6 * MB],
      mp4: [['video/mp4'], 20 * MB, 200 * MB],
      obj: [['model/obj', 'application/octet-stream'], 5 * MB, 80 * MB],
      json: [['application/json'], 2 * 1024, 20 * 1024],
    };
    for (const id of valid.flatMap((t) => t.fileIds)) {
      const file = host.drive.get(id)!;
      const [mimes, min, max] = ranges[file.name.split('.').pop()!];
      expect(mimes).toContain(file.mimeType);
      expect(file.size).toBeGreaterThanOrEqual(min);
      expect(file.size).toBeLessThanOrEqual(max);
    }
  });

  it('were created before now, so name searches already see them', () => {
    const now = host.ctx.clock.now();
    for (const id of valid.flatMap((t) => t.fileIds)) {
      expect(host.drive.searchable(host.drive.get(id)!, now)).toBe(true);
    }
  });
});

describe('links as people paste them', () => {
  const { data } = seeded({ tasks: 200 });
  const cells = data.flatMap((r) => LINK_COLUMNS.map((c) => r[c] as string)).filter(Boolean);
  const lines = cells.flatMap((c) => c.split('\n'));

  it('mix the sharing, open, download and bare-id shapes', () => {
    const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
    expect(
      count(/^https:\/\/drive\.google\.com\/file\/d\/[\w-]+\/view\?usp=sharing$/),
    ).toBeGreaterThan(0);
    expect(count(/^https:\/\/drive\.google\.com\/open\?id=[\w-]+$/)).toBeGreaterThan(0);
    expect(count(/^https:\/\/drive\.google\.com\/uc\?id=[\w-]+&export=download$/)).toBeGreaterThan(
      0,
    );
    expect(count(/^[\w-]{33}$/)).toBeGreaterThan(0);
  });

  it('put several renders in one cell, one per line', () => {
    const renders = data.map((r) => r[col('Production Images')] as string);
    expect(renders.filter((c) => c.split('\n').length === 2).length).toBeGreaterThan(150);
  });
});

describe('the folders around the tasks', () => {
  const { host, demo } = seeded();
  const f = demo.folders;
  const path = (id: string) => host.drive.pathOf(id);

  it('lay out My Drive as ops keeps it', () => {
    expect(path(f.production)).toBe('My Drive/Production');
    expect(path(f.baseImages)).toBe('My Drive/Production/Base Images');
    expect(path(f.staging)).toBe('My Drive/Exports Staging');
    expect(path(f.insideStaging!)).toBe('My Drive/Exports Staging/Not a client folder');
    expect(path(f.clients)).toBe('My Drive/Clients');
    expect(path(f.clientAcme)).toBe('My Drive/Clients/Acme Corp');
  });

  it('give the owner write access to staging and Acme, read-only access to Globex', () => {
    const owner = demo.users.owner;
    expect(host.drive.canEdit(f.staging, owner)).toBe(true);
    expect(host.drive.canEdit(f.clientAcme, owner)).toBe(true);
    const globex = host.drive.get(f.clientViewOnly)!;
    expect(globex.name).toBe('Globex');
    expect(globex.owner).toBe(demo.users.other);
    expect(host.drive.canView(globex.id, owner)).toBe(true);
    expect(host.drive.canEdit(globex.id, owner)).toBe(false);
  });

  it('start the staging and client folders empty', () => {
    expect(host.drive.children(f.staging).map((c) => c.id)).toEqual([f.insideStaging]);
    expect(host.drive.children(f.clientAcme)).toEqual([]);
    expect(host.drive.children(f.clientViewOnly)).toEqual([]);
  });
});

describe('determinism', () => {
  const snapshot = (seed: number) => {
    const { host, demo } = seeded({ hostile: true, duplicateTaskId: true }, seed);
    return JSON.stringify({ demo, drive: host.drive.toJSON(), sheets: host.sheets.toJSON() });
  };

  it('gives the same sheet and tree for the same seed', () => {
    expect(snapshot(11)).toBe(snapshot(11));
  });

  it('gives another sheet for another seed', () => {
    expect(snapshot(11)).not.toBe(snapshot(12));
  });
});

describe('a large sheet', () => {
  it('generates 20,000 tasks', () => {
    const host = bareHost(9);
    const demo: DemoWorkspace = seedDemo(host, { tasks: 20_000 });
    expect(demo.tasks).toHaveLength(20_000);
    expect(host.sheets.values(demo.spreadsheetId, 'Tasks')).toHaveLength(20_001);
  });
});
