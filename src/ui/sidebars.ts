/** Opening the built pages (dist/<page>.html) as sidebars of the spreadsheet. */

export type PageName = 'Help';

export function openSidebar(page: PageName, title: string): void {
  const html = HtmlService.createHtmlOutputFromFile(page).setTitle(title);
  SpreadsheetApp.getUi().showSidebar(html);
}

/** A plain message box; the ops person's only feedback when no sidebar is involved. */
export function tell(title: string, message: string): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(title, message, ui.ButtonSet.OK);
}
