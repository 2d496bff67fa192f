/** The playground's client code, bundled on the fly with esbuild, and the bridge injection. */
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const here = __dirname;

export interface Assets {
  pageHtml: string;
  pageJs: string;
  bridgeJs: string;
}

async function bundle(entry: string): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(here, entry)],
    bundle: true,
    format: 'iife',
    target: 'es2019',
    write: false,
    legalComments: 'none',
  });
  return result.outputFiles[0].text;
}

export async function buildAssets(): Promise<Assets> {
  const [pageJs, bridgeJs] = await Promise.all([bundle('page.ts'), bundle('script-bridge.ts')]);
  return { pageHtml: fs.readFileSync(path.join(here, 'page.html'), 'utf8'), pageJs, bridgeJs };
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The page as served: the bridge script first in <head>, before any script of the page runs, as
 * Apps Script's own client library is loaded before the page's code.
 */
export function injectBridge(html: string, bridgeJs: string, functions: string[]): string {
  const tag =
    `<script data-endpoint="/api/run" data-functions="${escapeAttribute(JSON.stringify(functions))}">` +
    `${bridgeJs.replace(/<\/script/gi, '<\\/script')}</script>`;
  // After <head>, else after <html>, else after the doctype: never before the doctype, which
  // would put the page in quirks mode.
  const anchor =
    /<head(\s[^>]*)?>/i.exec(html) ??
    /<html(\s[^>]*)?>/i.exec(html) ??
    /<!doctype[^>]*>/i.exec(html);
  const at = anchor ? anchor.index + anchor[0].length : 0;
  return html.slice(0, at) + tag + html.slice(at);
}
