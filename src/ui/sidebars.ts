/** Opening the built pages (dist/<page>.html) as sidebars of the spreadsheet. */
import type { PageOptions } from '../shared/rpc';

export type PageName =
  | 'Help'
  | 'StagingFolder'
  | 'StagingWizard'
  | 'Delivery'
  | 'Report'
  | 'Recovery'
  | 'CheckSetup'
  | 'Batches'
  | 'StatusChange'
  | 'CleanUp';

/** Each page shell holds this element; the page reads its options from it before rendering. */
const OPTIONS_ELEMENT = /<script type="application\/json" id="page-options">[^<]*<\/script>/;

export function openSidebar(page: PageName, title: string, options?: PageOptions): void {
  const html = HtmlService.createHtmlOutputFromFile(page);
  if (options) html.setContent(withOptions(html.getContent(), options, page));
  html.setTitle(title);
  SpreadsheetApp.getUi().showSidebar(html);
}

function withOptions(content: string, options: PageOptions, page: PageName): string {
  if (!OPTIONS_ELEMENT.test(content)) {
    throw new Error(`The page ${page} cannot take options: its shell has no page-options element.`);
  }
  // Inside <script>, only "<" could end the element early; JSON allows it escaped.
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  return content.replace(
    OPTIONS_ELEMENT,
    () => `<script type="application/json" id="page-options">${json}</script>`,
  );
}
