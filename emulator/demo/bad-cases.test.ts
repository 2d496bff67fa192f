import { DemoKind, DemoTask, HOSTILE_MARKUP, INVALID_KINDS, TRACKING_HEADERS, seedDemo } from '.';
import { bareHost, idsIn } from './testkit';

const col = (name: string) => TRACKING_HEADERS.indexOf(name);

function seeded(options = {}, seed = 5) {
  const host = bareHost(seed);
  const demo = seedDemo(host, options);
  const rows = host.sheets.values(demo.spreadsheetId, 'Tasks');
  const only = (kind: DemoKind): DemoTask => {
    const found = demo.tasks.filter((t) => t.kind === kind);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const cell = (task: DemoTask, name: string) => rows[task.row - 1][col(name)];
  const files = (task: DemoTask) =>
    task.fileIds.map((id) => host.drive.get(id)).filter((f) => f !== undefined);
  return { host, demo, rows, only, cell, files };
}

describe('the bad cases', () => {
  const { host, demo, only, cell, files } = seeded();
  const owner = demo.users.owner;

  it('are each present once, spread among the valid tasks', () => {
    for (const kind of INVALID_KINDS) only(kind);
    const kinds = demo.tasks.map((t) => t.kind);
    expect(kinds.filter((k) => k === 'alreadyExported')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'valid')).toHaveLength(24 - 13);
    const lastValid = kinds.lastIndexOf('valid');
    const firstBad = kinds.findIndex((k) => k !== 'valid');
    const lastBad = kinds.length - 1 - [...kinds].reverse().findIndex((k) => k !== 'valid');
    expect(firstBad).toBeLessThan(lastValid);
    expect(lastBad).toBeGreaterThan(kinds.indexOf('valid'));
  });

  it('missingObj: no OBJ link and no .obj in the task folder', () => {
    const task = only('missingObj');
    expect(cell(task, 'OBJ File')).toBe('');
    expect(files(task).some((f) => f.name.endsWith('.obj'))).toBe(false);
    expect(task.expectedFiles).toBe(0);
  });

  it('missingMp4: no Video link and no .mp4', () => {
    const task = only('missingMp4');
    expect(cell(task, 'Video')).toBe('');
    expect(files(task).some((f) => f.name.endsWith('.mp4'))).toBe(false);
  });

  it('jpgWithoutFolderName: the renders do not carry the folder name', () => {
    const task = only('jpgWithoutFolderName');
    const jpgs = files(task).filter((f) => f.name.endsWith('.jpg'));
    expect(jpgs.length).toBeGreaterThan(3);
    expect(jpgs.some((f) => f.name.includes(task.folderName))).toBe(false);
    const renders = idsIn(cell(task, 'Production Images')).map((id) => host.drive.get(id)!.name);
    expect(renders).toEqual(['render_01.jpg', 'render_02.jpg']);
    expect(files(task).some((f) => f.name === `${task.folderName}.obj`)).toBe(true);
  });

  it('tooFewFiles: five files in all, yet one of each required type', () => {
    const task = only('tooFewFiles');
    const names = files(task).map((f) => f.name);
    expect(names).toHaveLength(5);
    for (const ext of ['.obj', '.mp4']) {
      expect(names).toContain(`${task.folderName}${ext}`);
    }
    expect(names).toContain(`${task.folderName}_render_01.jpg`);
    expect(cell(task, 'Base Image 3')).toBe('');
  });

  it('deadLink: a well-formed link to an id that does not exist', () => {
    const task = only('deadLink');
    const ids = idsIn(cell(task, 'OBJ File'));
    expect(ids).toEqual([task.badFileId]);
    expect(task.badFileId).toMatch(/^[\w-]{33}$/);
    expect(host.drive.get(task.badFileId!)).toBeUndefined();
  });

  it('trashedFile: the video is in the owner’s trash', () => {
    const task = only('trashedFile');
    expect(idsIn(cell(task, 'Video'))).toEqual([task.badFileId]);
    const file = host.drive.get(task.badFileId!)!;
    expect(file.name).toBe(`${task.folderName}.mp4`);
    expect(file.owner).toBe(owner);
    expect(host.drive.isTrashed(file.id)).toBe(true);
  });

  it('noAccessFile: the OBJ belongs to other@ and is not shared with the owner', () => {
    const task = only('noAccessFile');
    expect(idsIn(cell(task, 'OBJ File'))).toEqual([task.badFileId]);
    const file = host.drive.get(task.badFileId!)!;
    expect(file.owner).toBe(demo.users.other);
    expect(file.name).toBe(`${task.folderName}.obj`);
    expect(host.drive.canView(file.id, owner)).toBe(false);
  });

  it('malformedLink: the Video cell holds no Drive link', () => {
    const task = only('malformedLink');
    const value = cell(task, 'Video') as string;
    expect(value).not.toBe('');
    expect(value).not.toContain('drive.google.com');
    expect(idsIn(value)).toEqual([]);
  });

  it('notComplete: still in progress or blocked, not reviewed', () => {
    const task = only('notComplete');
    expect(['in_progress', 'blocked']).toContain(cell(task, 'Status'));
    expect(cell(task, 'Completed Date')).toBe('');
    expect(cell(task, 'Review Status')).toBe('');
    expect(task.expectedFiles).toBe(8);
  });

  it('reviewFailed and reviewPending: complete, with that review', () => {
    const failed = only('reviewFailed');
    expect(cell(failed, 'Status')).toBe('complete');
    expect(cell(failed, 'Review Status')).toBe('failed');
    expect(cell(failed, 'Review Score')).toBeLessThan(70);
    const pending = only('reviewPending');
    expect(cell(pending, 'Review Status')).toBe('pending');
    expect(cell(pending, 'Review Score')).toBe('');
    expect(cell(pending, 'Review Date')).toBe('');
  });

  it('alreadyExported: an Export Time and legacy batch id, no export status', () => {
    const tasks = demo.tasks.filter((t) => t.kind === 'alreadyExported');
    for (const task of tasks) {
      expect(cell(task, 'Export Time')).toBeInstanceOf(Date);
      expect(cell(task, 'Export Batch ID')).toMatch(/^EXP-\d{8}$/);
      expect(cell(task, 'Export Status')).toBe('');
      expect(cell(task, 'Review Status')).toBe('passed');
    }
    const others = demo.tasks.filter((t) => t.kind !== 'alreadyExported');
    for (const task of others) expect(cell(task, 'Export Time')).toBe('');
  });

  it('leave only rows with sound files expecting copies', () => {
    const sound = new Set([
      'valid',
      'notComplete',
      'reviewFailed',
      'reviewPending',
      'alreadyExported',
    ]);
    for (const task of demo.tasks) {
      expect(task.expectedFiles).toBe(sound.has(task.kind) ? 8 : 0);
    }
  });
});

describe('invalid: false', () => {
  const { demo } = seeded({ invalid: false, tasks: 10 });

  it('gives only valid tasks', () => {
    expect(demo.tasks.map((t) => t.kind)).toEqual(new Array(10).fill('valid'));
  });

  it('still takes an explicit count of legacy exports', () => {
    const { demo: d } = seeded({ invalid: false, tasks: 10, alreadyExported: 3 });
    expect(d.tasks.filter((t) => t.kind === 'alreadyExported')).toHaveLength(3);
  });
});

describe('hostile: true', () => {
  const { host, demo, only, cell, files } = seeded({ hostile: true });

  it('puts markup in a Task ID and its folder name, and files that carry it', () => {
    const task = only('hostile');
    expect(task.taskId).toContain('<img src=x onerror=alert(1)>');
    expect(task.taskId).toContain('<script>');
    expect(task.taskId).toContain(HOSTILE_MARKUP);
    expect(task.folderName.startsWith(task.taskId)).toBe(true);
    expect(cell(task, 'Task ID')).toBe(task.taskId);
    expect(cell(task, 'Folder Name')).toBe(task.folderName);
    expect(files(task).map((f) => f.name)).toContain(`${task.folderName}.mp4`);
    expect(task.expectedFiles).toBe(8);
    expect(host.drive.get(task.fileIds[3])!.name).toBe(`${task.folderName}.obj`);
    expect(demo.tasks.filter((t) => t.taskId.includes('<'))).toHaveLength(1);
  });
});

describe('duplicateTaskId: true', () => {
  const { demo, cell } = seeded({ duplicateTaskId: true });

  it('gives two rows one Task ID, each with its own folder', () => {
    const pair = demo.tasks.filter((t) => t.kind === 'duplicateId');
    expect(pair).toHaveLength(2);
    expect(pair[0].taskId).toBe(pair[1].taskId);
    expect(cell(pair[1], 'Task ID')).toBe(pair[0].taskId);
    expect(pair[0].folderName).not.toBe(pair[1].folderName);
    expect(pair.map((t) => t.expectedFiles)).toEqual([0, 0]);
    const ids = demo.tasks.map((t) => t.taskId);
    expect(new Set(ids).size).toBe(ids.length - 1);
  });
});

describe('without duplicateTaskId', () => {
  it('keeps every Task ID unique', () => {
    const { demo } = seeded({ tasks: 300, hostile: true });
    const ids = demo.tasks.map((t) => t.taskId);
    expect(new Set(ids).size).toBe(300);
  });
});
