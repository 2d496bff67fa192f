import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, ServiceContext } from '../core/context';
import { FakeHtmlOutput, createHtmlService } from './html';

const OPS = 'ops@example.com';

function setup() {
  const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'html-service-'));
  fs.writeFileSync(path.join(distDir, 'Sidebar.html'), '<p>staging</p>');
  const ctx = createContext({ distDir });
  return { ctx, html: createHtmlService(ctx) };
}

function run<T>(ctx: ServiceContext, body: () => T): T {
  const result = ctx.runtime.execute('test', OPS, body);
  if (!result.ok) throw new Error(`execution failed: ${result.error}`);
  return result.value as T;
}

describe('HtmlService', () => {
  test('createHtmlOutputFromFile reads <name>.html of the deployment and records the file', () => {
    const { ctx, html } = setup();
    const out = run(ctx, () => {
      const page = html
        .createHtmlOutputFromFile('Sidebar')
        .setTitle('Stage tasks')
        .setWidth(300)
        .setHeight(500)
        .setSandboxMode(html.SandboxMode.IFRAME)
        .setXFrameOptionsMode(html.XFrameOptionsMode.ALLOWALL)
        .addMetaTag('viewport', 'width=device-width');
      return {
        page,
        content: page.getContent(),
        title: page.getTitle(),
        size: [page.getWidth(), page.getHeight()],
        withSuffix: html.createHtmlOutputFromFile('Sidebar.html').getContent(),
      };
    });
    expect(out.content).toBe('<p>staging</p>');
    expect(out.withSuffix).toBe('<p>staging</p>');
    expect(out.title).toBe('Stage tasks');
    expect(out.size).toEqual([300, 500]);
    const page = out.page as unknown as FakeHtmlOutput;
    expect(page.__file).toBe('Sidebar');
    expect(page.__snapshot()).toMatchObject({
      file: 'Sidebar',
      xFrameOptionsMode: 'ALLOWALL',
      metaTags: [{ name: 'viewport', content: 'width=device-width' }],
    });
  });

  test('a missing file throws as Apps Script does', () => {
    const { ctx, html } = setup();
    const result = ctx.runtime.execute('test', OPS, () => html.createHtmlOutputFromFile('Missing'));
    expect(result.ok).toBe(false);
    expect(result.error).toBe('No HTML file named Missing was found.');
  });

  test('createHtmlOutput builds content; appendUntrusted escapes it', () => {
    const { ctx, html } = setup();
    const content = run(ctx, () =>
      html
        .createHtmlOutput('<b>Report</b>')
        .append('<br>')
        .appendUntrusted('<i>x</i>')
        .getContent(),
    );
    expect(content).toBe('<b>Report</b><br>&lt;i&gt;x&lt;/i&gt;');
    const empty = run(ctx, () => html.createHtmlOutput()) as unknown as FakeHtmlOutput;
    expect(empty.__file).toBeUndefined();
    expect(empty.__snapshot().content).toBe('');
  });
});
