import fs from 'node:fs';
import path from 'node:path';
import { ServiceContext, asReal } from '../core/context';
import { ScriptException } from '../core/errors';
import { enumOf } from './enums';

type H = typeof GoogleAppsScript.HTML;

export const SandboxMode = enumOf<H['SandboxMode']>('EMULATED', 'IFRAME', 'NATIVE');
export const XFrameOptionsMode = enumOf<H['XFrameOptionsMode']>('ALLOWALL', 'DEFAULT');

/** A plain view of an output for the Ui recorder and the playground (no gate, no clock). */
export interface HtmlOutputSnapshot {
  file?: string;
  content: string;
  title: string;
  width: number | null;
  height: number | null;
  sandboxMode: string;
  xFrameOptionsMode: string;
  metaTags: Array<{ name: string; content: string }>;
  faviconUrl: string | null;
}

type OutputMethods =
  | 'getContent'
  | 'setContent'
  | 'append'
  | 'appendUntrusted'
  | 'clear'
  | 'getTitle'
  | 'setTitle'
  | 'getWidth'
  | 'setWidth'
  | 'getHeight'
  | 'setHeight'
  | 'setSandboxMode'
  | 'setXFrameOptionsMode'
  | 'addMetaTag'
  | 'setFaviconUrl'
  | 'getFaviconUrl';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export class FakeHtmlOutput implements Pick<GoogleAppsScript.HTML.HtmlOutput, OutputMethods> {
  /** The file it was made from (name without `.html`), for the Ui recorder. */
  __file?: string;
  private content: string;
  private title = '';
  private width: number | null = null;
  private height: number | null = null;
  /** IFRAME is the only sandbox mode left; the others are documented as ignored. */
  private sandboxMode = String(SandboxMode.IFRAME);
  private xFrameOptionsMode = String(XFrameOptionsMode.DEFAULT);
  private readonly metaTags: Array<{ name: string; content: string }> = [];
  private faviconUrl: string | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    content: string,
    file?: string,
  ) {
    this.content = content;
    this.__file = file;
  }

  getContent(): string {
    return this.read('getContent', () => this.content);
  }

  setContent(content: string): GoogleAppsScript.HTML.HtmlOutput {
    return this.write('setContent', () => (this.content = String(content)));
  }

  append(addedContent: string): GoogleAppsScript.HTML.HtmlOutput {
    return this.write('append', () => (this.content += String(addedContent)));
  }

  appendUntrusted(addedContent: string): GoogleAppsScript.HTML.HtmlOutput {
    return this.write('appendUntrusted', () => (this.content += escapeHtml(String(addedContent))));
  }

  clear(): GoogleAppsScript.HTML.HtmlOutput {
    return this.write('clear', () => (this.content = ''));
  }

  getTitle(): string {
    return this.read('getTitle', () => this.title);
  }

  setTitle(title: string): GoogleAppsScript.HTML.HtmlOutput {
    return this.write('setTitle', () => (this.title = String(title)));
  }

  /** 0 until set (a sidebar ignores the width; a dialog takes the size it is shown with). */
  getWidth(): number {
    return this.read('getWidth', () => this.width ?? 0);
  }

  setWidth(width: number): GoogleAppsScript.HTML.HtmlOutput {
    return this.write('setWidth', () => (this.width = Number(width)));
  }

  getHeight(): number {
    return this.read('getHeight', () => this.height ?? 0);
  }

  setHeight(height: number): GoogleAppsScript.HTML.HtmlOutput {
    return this.write('setHeight', () => (this.height = Number(height)));
  }

  setSandboxMode(mode: GoogleAppsScript.HTML.SandboxMode): GoogleAppsScript.HTML.HtmlOutput {
    return this.write('setSandboxMode', () => (this.sandboxMode = String(mode)));
  }

  setXFrameOptionsMode(
    mode: GoogleAppsScript.HTML.XFrameOptionsMode,
  ): GoogleAppsScript.HTML.HtmlOutput {
    return this.write('setXFrameOptionsMode', () => (this.xFrameOptionsMode = String(mode)));
  }

  addMetaTag(name: string, content: string): GoogleAppsScript.HTML.HtmlOutput {
    return this.write('addMetaTag', () =>
      this.metaTags.push({ name: String(name), content: String(content) }),
    );
  }

  setFaviconUrl(iconUrl: string): GoogleAppsScript.HTML.HtmlOutput {
    return this.write('setFaviconUrl', () => (this.faviconUrl = String(iconUrl)));
  }

  getFaviconUrl(): string {
    return this.read('getFaviconUrl', () => this.faviconUrl ?? asReal<string>(null));
  }

  __snapshot(): HtmlOutputSnapshot {
    return {
      file: this.__file,
      content: this.content,
      title: this.title,
      width: this.width,
      height: this.height,
      sandboxMode: this.sandboxMode,
      xFrameOptionsMode: this.xFrameOptionsMode,
      metaTags: this.metaTags.map((t) => ({ ...t })),
      faviconUrl: this.faviconUrl,
    };
  }

  private read<T>(method: string, body: () => T): T {
    return this.ctx.runtime.guard('HtmlService', `HtmlOutput.${method}`, 'read', body);
  }

  private write(method: string, body: () => unknown): GoogleAppsScript.HTML.HtmlOutput {
    return this.ctx.runtime.guard('HtmlService', `HtmlOutput.${method}`, 'write', () => {
      body();
      return asReal<GoogleAppsScript.HTML.HtmlOutput>(this);
    });
  }
}

type ServiceMembers =
  'SandboxMode' | 'XFrameOptionsMode' | 'createHtmlOutput' | 'createHtmlOutputFromFile';

/** A blob source's text, for createHtmlOutput(blob). */
function textOf(source: unknown): string {
  const blob = (source as { getBlob?: () => { getDataAsString(): string } }).getBlob?.();
  if (!blob) throw new ScriptException('Invalid argument: html');
  return blob.getDataAsString();
}

class FakeHtmlService implements Pick<GoogleAppsScript.HTML.HtmlService, ServiceMembers> {
  readonly SandboxMode = SandboxMode;
  readonly XFrameOptionsMode = XFrameOptionsMode;

  constructor(private readonly ctx: ServiceContext) {}

  createHtmlOutput(
    html?: string | GoogleAppsScript.Base.BlobSource,
  ): GoogleAppsScript.HTML.HtmlOutput {
    return this.ctx.runtime.guard('HtmlService', 'createHtmlOutput', 'read', () => {
      const content = html === undefined ? '' : typeof html === 'string' ? html : textOf(html);
      return asReal<GoogleAppsScript.HTML.HtmlOutput>(new FakeHtmlOutput(this.ctx, content));
    });
  }

  /**
   * Reads `<name>.html` of the deployment (the name is given without `.html`, as the project's
   * files are named in the editor; a trailing `.html` is tolerated, as Apps Script does).
   */
  createHtmlOutputFromFile(filename: string): GoogleAppsScript.HTML.HtmlOutput {
    return this.ctx.runtime.guard('HtmlService', 'createHtmlOutputFromFile', 'read', () => {
      const name = String(filename).replace(/\.html$/, '');
      const file = path.join(this.ctx.distDir, `${name}.html`);
      if (!name || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        throw new ScriptException(`No HTML file named ${name} was found.`);
      }
      const content = fs.readFileSync(file, 'utf8');
      return asReal<GoogleAppsScript.HTML.HtmlOutput>(new FakeHtmlOutput(this.ctx, content, name));
    });
  }
}

export function createHtmlService(ctx: ServiceContext): GoogleAppsScript.HTML.HtmlService {
  return asReal<GoogleAppsScript.HTML.HtmlService>(new FakeHtmlService(ctx));
}
