import { EmulatorUsageError } from '../core/errors';
import { FieldSelectionError, parseFields, select } from './fields';
import { InvalidQuery, isNameSearch, nameContains, parseQuery } from './query';
import { FILE_LIST_SCHEMA, FILE_SCHEMA } from './resource';

describe('fields selector', () => {
  const file = {
    id: 'a',
    name: 'n',
    capabilities: { canEdit: true, canCopy: false },
    owners: [{ emailAddress: 'x@y', me: true }],
  };

  test('plain lists, nested selections, slash paths and *', () => {
    expect(select(file, parseFields('id, capabilities(canEdit)', FILE_SCHEMA))).toEqual({
      id: 'a',
      capabilities: { canEdit: true },
    });
    expect(select(file, parseFields('capabilities/canCopy,owners(me)', FILE_SCHEMA))).toEqual({
      capabilities: { canCopy: false },
      owners: [{ me: true }],
    });
    expect(select(file, parseFields('*', FILE_SCHEMA))).toEqual(file);
  });

  test('list selections apply to each element of files', () => {
    const list = { kind: 'drive#fileList', files: [file, { ...file, id: 'b' }] };
    expect(select(list, parseFields('files(id)', FILE_LIST_SCHEMA))).toEqual({
      files: [{ id: 'a' }, { id: 'b' }],
    });
  });

  test('unknown fields and broken syntax are refused', () => {
    expect(() => parseFields('id,colour', FILE_SCHEMA)).toThrow(FieldSelectionError);
    expect(() => parseFields('files(id', FILE_LIST_SCHEMA)).toThrow(FieldSelectionError);
    expect(() => parseFields('id(name)', FILE_SCHEMA)).toThrow(FieldSelectionError);
    expect(() => parseFields('capabilities(canFly)', FILE_SCHEMA)).toThrow(FieldSelectionError);
  });
});

describe('search query', () => {
  test('parses the supported clauses with escaped strings', () => {
    expect(parseQuery("'abc' in parents and name = 'it\\'s \\\\ ok' and trashed != true")).toEqual({
      clauses: [
        { field: 'parents', parentId: 'abc' },
        { field: 'name', op: '=', value: "it's \\ ok" },
        { field: 'trashed', op: '!=', value: true },
      ],
    });
  });

  test('a name search is one with a name clause and no parent clause', () => {
    expect(isNameSearch(parseQuery("name = 'a'"))).toBe(true);
    expect(isNameSearch(parseQuery("name = 'a' and 'p' in parents"))).toBe(false);
    expect(isNameSearch(parseQuery('trashed = false'))).toBe(false);
  });

  test('malformed queries are invalid, unmodelled Drive syntax is an emulator gap', () => {
    for (const q of ["name = 'a", "name = 'a' and", 'trashed = maybe', "name 'a'", 'name = "a"']) {
      expect(() => parseQuery(q)).toThrow(InvalidQuery);
    }
    for (const q of ["(name = 'a')", 'starred = true', "'me' in owners", "not name = 'a'"]) {
      expect(() => parseQuery(q)).toThrow(EmulatorUsageError);
    }
  });

  test('contains on a name is a case-insensitive prefix match on its words', () => {
    expect(nameContains('Export_2026 Batch', 'batch')).toBe(true);
    expect(nameContains('Export_2026 Batch', 'Export')).toBe(true);
    expect(nameContains('Export_2026 Batch', 'atch')).toBe(false);
  });
});
