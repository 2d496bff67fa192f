import { extractFileIdFromUrl, extractFolderId, splitLinks } from '../../src/drive/links';

const ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz012345';

describe('extractFileIdFromUrl', () => {
  test.each([
    [`https://drive.google.com/file/d/${ID}/view?usp=sharing`],
    [`https://drive.google.com/file/d/${ID}`],
    [`https://drive.google.com/open?id=${ID}`],
    [`https://drive.google.com/uc?id=${ID}&export=download`],
    [`https://drive.google.com/uc?export=download&id=${ID}`],
    [`https://docs.google.com/spreadsheets/d/${ID}/edit#gid=0`],
    [`https://docs.google.com/document/d/${ID}/edit`],
    [`https://drive.google.com/a/example.com/file/d/${ID}/view`],
    [`  ${ID}  `],
  ])('accepts %s', (link) => {
    expect(extractFileIdFromUrl(link)).toEqual({ ok: true, id: ID });
  });

  test.each([
    ['see slack', /not a link/],
    ['https://dropbox.com/s/abc/file.obj', /not a Google Drive file link/],
    [`https://drive.google.com/drive/folders/${ID}`, /folder, not to a file/],
    ['', /empty/],
    ['short', /not a link/],
  ])('rejects %s with a message', (link, message) => {
    const result = extractFileIdFromUrl(link);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(message);
  });

  test.each([
    [`https://drive.google.com/file/d/${ID}/view?usp=sharing&resourcekey=0-AbC_d-9`],
    [`https://drive.google.com/file/d/${ID}/view?resourcekey=0-AbC_d-9&usp=sharing`],
    [`https://docs.google.com/document/d/${ID}/edit?resourcekey=0-AbC_d-9`],
    [`https://docs.google.com/spreadsheets/d/${ID}/edit?resourcekey=0-AbC_d-9#gid=0`],
    [`https://drive.google.com/open?id=${ID}&resourcekey=0-AbC_d-9`],
    [`https://drive.google.com/uc?id=${ID}&export=download&resourceKey=0-AbC_d-9`],
  ])('keeps the resource key of %s', (link) => {
    expect(extractFileIdFromUrl(link)).toEqual({ ok: true, id: ID, resourceKey: '0-AbC_d-9' });
  });

  test('a link without a key, or with an empty one, has none', () => {
    expect(extractFileIdFromUrl(`https://drive.google.com/file/d/${ID}/view?resourcekey=`)).toEqual(
      { ok: true, id: ID },
    );
    expect(extractFileIdFromUrl(`https://drive.google.com/file/d/${ID}/view?key=0-x`)).toEqual({
      ok: true,
      id: ID,
    });
  });

  test('a very long bad value is shortened in the message', () => {
    const result = extractFileIdFromUrl(`https://example.com/${'x'.repeat(500)}`);
    expect(!result.ok && result.reason.length).toBeLessThan(150);
  });
});

describe('extractFolderId', () => {
  test('accepts folder links and bare ids, rejects other text', () => {
    expect(extractFolderId(`https://drive.google.com/drive/folders/${ID}?usp=sharing`)).toEqual({
      ok: true,
      id: ID,
    });
    expect(extractFolderId(`https://drive.google.com/drive/u/0/folders/${ID}`)).toEqual({
      ok: true,
      id: ID,
    });
    expect(extractFolderId(ID)).toEqual({ ok: true, id: ID });
    expect(extractFolderId('my folder').ok).toBe(false);
  });
});

describe('splitLinks', () => {
  test('splits lines, commas and space-separated links; keeps free text whole', () => {
    expect(splitLinks(`https://a.test/1\nhttps://a.test/2, https://a.test/3`)).toEqual([
      'https://a.test/1',
      'https://a.test/2',
      'https://a.test/3',
    ]);
    expect(splitLinks('https://a.test/1 https://a.test/2')).toHaveLength(2);
    expect(splitLinks('see slack')).toEqual(['see slack']);
    expect(splitLinks('')).toEqual([]);
    expect(splitLinks(null)).toEqual([]);
  });
});
