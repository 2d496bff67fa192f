import { EmulatorUsageError } from '../core/errors';
import { DemoOptions, TRACKING_HEADERS, seedDemo } from '.';
import { bareHost, idsIn } from './testkit';

describe('seedDemo options', () => {
  it('withExportColumns: false writes the legacy sheet without the two export columns', () => {
    const host = bareHost();
    const demo = seedDemo(host, { withExportColumns: false });
    const rows = host.sheets.values(demo.spreadsheetId, 'Tasks');
    expect(rows[0]).toEqual(TRACKING_HEADERS.slice(0, 20));
    expect(rows[0]).not.toContain('Export Status');
    expect(demo.headers).toEqual(rows[0]);
    for (const row of rows) expect(row).toHaveLength(20);
  });

  it.each([
    [6, 1, false],
    [7, 1, true],
    [12, 6, true],
  ])('filesPerTask %i gives %i render(s), alignment %s', (filesPerTask, renders, alignment) => {
    const host = bareHost();
    const demo = seedDemo(host, { filesPerTask, invalid: false, tasks: 5 });
    const rows = host.sheets.values(demo.spreadsheetId, 'Tasks');
    for (const task of demo.tasks) {
      expect(task.fileIds).toHaveLength(filesPerTask);
      expect(task.expectedFiles).toBe(filesPerTask);
      const row = rows[task.row - 1];
      expect(idsIn(row[TRACKING_HEADERS.indexOf('Production Images')])).toHaveLength(renders);
      expect(row[TRACKING_HEADERS.indexOf('Alignment File')] !== '').toBe(alignment);
    }
  });

  it('defaults alreadyExported to 0 when invalid is false', () => {
    const demo = seedDemo(bareHost(), { invalid: false, tasks: 3 });
    expect(demo.tasks.every((t) => t.kind === 'valid')).toBe(true);
  });

  it('keeps users the workspace already has', () => {
    const host = bareHost();
    host.addUser('viewer@example.com');
    seedDemo(host, { tasks: 14 });
    expect(host.users).toEqual(['ops@example.com', 'viewer@example.com', 'other@example.com']);
  });
});

describe('malformed options', () => {
  const cases: Array<[string, unknown, string]> = [
    ['unknown key', { task: 5 }, '"task"'],
    ['tasks not a number', { tasks: '10' }, '"tasks"'],
    ['tasks fractional', { tasks: 2.5 }, '"tasks"'],
    ['tasks zero', { tasks: 0 }, '"tasks"'],
    ['tasks too many', { tasks: 50_001 }, '"tasks"'],
    ['filesPerTask too low', { filesPerTask: 5 }, '"filesPerTask"'],
    ['filesPerTask too high', { filesPerTask: 61 }, '"filesPerTask"'],
    ['invalid not boolean', { invalid: 'yes' }, '"invalid"'],
    ['withExportColumns not boolean', { withExportColumns: 1 }, '"withExportColumns"'],
    ['alreadyExported negative', { alreadyExported: -1 }, '"alreadyExported"'],
    ['hostile not boolean', { hostile: null }, '"hostile"'],
    ['duplicateTaskId not boolean', { duplicateTaskId: 'true' }, '"duplicateTaskId"'],
    ['not an object', 24, 'must be an object'],
    ['an array', [], 'must be an object'],
    ['too few tasks for the bad cases', { tasks: 12 }, '"tasks"'],
    [
      'too few tasks for the extras',
      { invalid: false, tasks: 2, duplicateTaskId: true, hostile: true },
      '"tasks"',
    ],
  ];

  it.each(cases)('%s: a clear error naming it, and nothing created', (_, options, named) => {
    const host = bareHost();
    const call = () => seedDemo(host, options as DemoOptions);
    expect(call).toThrow(EmulatorUsageError);
    expect(call).toThrow(named);
    expect(host.drive.all()).toEqual([]);
    expect(host.sheets.ids()).toEqual([]);
    expect(host.sheets.activeId).toBeNull();
    expect(host.users).toEqual(['ops@example.com']);
  });

  it('accepts exactly as many tasks as special rows', () => {
    const demo = seedDemo(bareHost(), { tasks: 13 });
    expect(demo.tasks.filter((t) => t.kind === 'valid')).toHaveLength(0);
  });

  it('refuses a workspace owned by the demo’s other user', () => {
    const host = { ...bareHost(), owner: 'other@example.com' };
    expect(() => seedDemo(host)).toThrow(EmulatorUsageError);
    expect(host.drive.all()).toEqual([]);
  });
});
