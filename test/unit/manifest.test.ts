import {
  cutName,
  deliveredDifferences,
  differs,
  expectedOf,
  manifestOf,
  quotedNames,
  sameName,
  stagingChanges,
} from '../../src/batches/manifest';

const DOC = 'application/vnd.google-apps.document';

describe('the staging manifest', () => {
  test('is the listing in name order, with long names kept cut and matched by their start', () => {
    const long = `scan-${'x'.repeat(2000)}.obj`;
    const manifest = manifestOf([
      { id: '2', name: 'b.jpg', size: 5, mimeType: 'image/jpeg', md5Checksum: 'bb' },
      { id: '1', name: 'a.mp4', size: 9, mimeType: 'video/mp4', md5Checksum: 'aa' },
      { id: '3', name: long, size: 1 },
    ]);
    expect(manifest.map((f) => [f.id, f.name.length, f.mimeType, f.md5Checksum])).toEqual([
      ['1', 5, 'video/mp4', 'aa'],
      ['2', 5, 'image/jpeg', 'bb'],
      ['3', 1001, '', undefined],
    ]);
    expect(manifest[2].name).toBe(cutName(long));
    expect(sameName(manifest[2].name, long)).toBe(true);
    expect(sameName(manifest[2].name, `${long}2`)).toBe(true);
    expect(sameName(manifest[2].name, 'scan.obj')).toBe(false);
    expect(sameName('a.mp4', 'a.mp4')).toBe(true);
    expect(sameName('a.mp4', 'a.mp')).toBe(false);
  });

  test('one rule: a binary file matches by size, type and MD5 when both tell it; a Google file by type', () => {
    const mp4 = { size: 9, mimeType: 'video/mp4', md5Checksum: 'aa' };
    const entry = { id: 'x', name: 'a.mp4', ...mp4 };
    expect(differs(mp4, entry)).toBe(false);
    expect(differs(mp4, { ...entry, size: 10 })).toBe(true);
    expect(differs(mp4, { ...entry, md5Checksum: 'ab' })).toBe(true);
    expect(differs(mp4, { ...entry, mimeType: 'video/quicktime' })).toBe(true);
    // DriveApp tells no checksum: size and type only.
    expect(differs(mp4, { id: 'x', name: 'a.mp4', size: 9, mimeType: 'video/mp4' })).toBe(false);
    expect(differs({ size: 9 }, { id: 'x', name: 'a.mp4', size: 9 })).toBe(false);
    const doc = { size: 100, mimeType: DOC };
    expect(differs(doc, { id: 'd', name: 'notes', size: 4000, mimeType: DOC })).toBe(false);
    expect(differs(doc, { id: 'd', name: 'notes', size: 100, mimeType: 'application/pdf' })).toBe(
      true,
    );
  });

  test('a staged folder is compared by id: removed, changed and added files', () => {
    const manifest = manifestOf([
      { id: '1', name: 'a.mp4', size: 9, mimeType: 'video/mp4', md5Checksum: 'aa' },
      { id: '2', name: 'b.jpg', size: 5, mimeType: 'image/jpeg', md5Checksum: 'bb' },
      { id: '3', name: 'c.obj', size: 7, mimeType: 'model/obj', md5Checksum: 'cc' },
    ]);
    const changes = stagingChanges(manifest, [
      // Renamed, same content: still the staged file.
      { id: '1', name: 'renamed.mp4', size: 9, mimeType: 'video/mp4', md5Checksum: 'aa' },
      { id: '2', name: 'b.jpg', size: 5, mimeType: 'image/jpeg', md5Checksum: 'b2' },
      // Same name as a staged file, another file: not the staged one.
      { id: '9', name: 'c.obj', size: 7, mimeType: 'model/obj', md5Checksum: 'cc' },
    ]);
    expect(changes.removed.map((f) => f.name)).toEqual(['c.obj']);
    expect(changes.changed.map((f) => f.name)).toEqual(['b.jpg']);
    expect(changes.added.map((f) => f.id)).toEqual(['9']);
    expect([...changes.found.keys()]).toEqual(['1', '2']);
  });

  test('a client folder is compared by name: missing, changed, doubled and extra files', () => {
    const staged = [
      { id: '1', name: 'a.mp4', size: 9, mimeType: 'video/mp4', md5Checksum: 'aa' },
      { id: '2', name: 'b.jpg', size: 5, mimeType: 'image/jpeg', md5Checksum: 'bb' },
      { id: '3', name: 'c.obj', size: 7, mimeType: 'model/obj', md5Checksum: 'cc' },
      { id: '4', name: 'd.json', size: 3, mimeType: 'application/json', md5Checksum: 'dd' },
    ];
    const plan = staged.map((f) => ({ targetName: f.name, expected: expectedOf(f) }));
    const copy = (f: (typeof staged)[number], over: object = {}) => ({
      ...f,
      id: `c${f.id}`,
      ...over,
    });
    expect(
      deliveredDifferences(
        plan,
        staged.map((f) => copy(f)),
      ),
    ).toEqual({
      missing: [],
      extra: [],
      changed: [],
      doubled: [],
    });
    expect(
      deliveredDifferences(plan, [
        copy(staged[1], { md5Checksum: 'zz' }),
        copy(staged[2]),
        copy(staged[2], { id: 'again' }),
        copy(staged[3]),
        { id: 'n', name: 'notes.txt', size: 1 },
      ]),
    ).toEqual({ missing: ['a.mp4'], extra: ['notes.txt'], changed: ['b.jpg'], doubled: ['c.obj'] });
    // A plan kept by an earlier version, without expectations: names only.
    const names = staged.map((f) => ({ targetName: f.name }));
    expect(
      deliveredDifferences(names, [
        copy(staged[0], { size: 1 }),
        ...staged.slice(1).map((f) => copy(f)),
      ]).changed,
    ).toEqual([]);
  });

  test('names in messages: a few quoted, cut when long, the rest counted', () => {
    expect(quotedNames(['a'])).toBe('"a"');
    expect(quotedNames(['a', 'b'])).toBe('"a" and "b"');
    expect(quotedNames(['a', 'b', 'c'])).toBe('"a", "b" and "c"');
    expect(quotedNames(['a', 'b', 'c', 'd', 'e'])).toBe('"a", "b", "c" and 2 more');
    expect(quotedNames(['x'.repeat(100)])).toBe(`"${'x'.repeat(77)}..."`);
  });
});
