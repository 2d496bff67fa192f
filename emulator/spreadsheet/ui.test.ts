import { UiRecorder } from './ui';
import { sheetsFixture } from './testing';

function html(content: string, title: string, file?: string) {
  return {
    getContent: () => content,
    getTitle: () => title,
    __file: file,
  } as unknown as GoogleAppsScript.HTML.HtmlOutput;
}

describe('menus', () => {
  test('a menu with a sub-menu, a separator and an item is recorded when added to the Ui', () => {
    const f = sheetsFixture();
    f.ok(() => {
      const ui = f.app.getUi();
      const tools = ui.createMenu('Tools').addItem('Stage Tasks', 'showStagingWizard');
      const menu = ui.createMenu('Production Tracker').addSubMenu(tools).addSeparator();
      expect(f.ui.menus).toEqual([]);
      menu.addItem('Help', 'showHelp').addToUi();
    });
    expect(f.ui.menus).toEqual([
      {
        title: 'Production Tracker',
        items: [
          {
            caption: 'Tools',
            submenu: {
              title: 'Tools',
              items: [{ caption: 'Stage Tasks', functionName: 'showStagingWizard' }],
            },
          },
          { separator: true },
          { caption: 'Help', functionName: 'showHelp' },
        ],
      },
    ]);
  });

  test('running onOpen again replaces the menu rather than adding a second one', () => {
    const f = sheetsFixture();
    const build = () => f.app.getUi().createMenu('M').addItem('A', 'a').addToUi();
    f.ok(build);
    f.ok(build);
    expect(f.ui.menus).toHaveLength(1);
  });

  test('an add-on menu is flagged and titled with the project name', () => {
    const f = sheetsFixture();
    f.ok(() => f.app.getUi().createAddonMenu().addItem('Start', 'start').addToUi());
    expect(f.ui.menus[0]).toMatchObject({ title: 'Untitled project', addon: true });
  });
});

describe('sidebar and dialogs', () => {
  test('showSidebar records the page; a second one replaces it', () => {
    const f = sheetsFixture();
    f.ok(() => {
      const ui = f.app.getUi();
      ui.showSidebar(html('<p>one</p>', 'First'));
      ui.showSidebar(html('<p>two</p>', 'Staging', 'Staging'));
    });
    expect(f.ui.sidebar).toEqual({ title: 'Staging', content: '<p>two</p>', file: 'Staging' });
  });

  test('an emulated HtmlOutput is read through its snapshot: showing it is one call', () => {
    const f = sheetsFixture();
    const getContent = jest.fn(() => 'gated');
    const output = {
      getContent,
      getTitle: () => 'gated',
      __snapshot: () => ({ content: '<main/>', title: 'Delivery', file: 'Delivery' }),
    } as unknown as GoogleAppsScript.HTML.HtmlOutput;
    const ui = f.ok(() => f.app.getUi());
    const before = f.ctx.runtime.callCount;
    f.ok(() => ui.showSidebar(output));
    expect(f.ctx.runtime.callCount - before).toBe(1);
    expect(getContent).not.toHaveBeenCalled();
    expect(f.ui.sidebar).toEqual({ title: 'Delivery', content: '<main/>', file: 'Delivery' });
  });

  test('dialogs record their title and modality', () => {
    const f = sheetsFixture();
    f.ok(() => {
      f.app.getUi().showModalDialog(html('a', ''), 'Preview');
      f.app.getUi().showModelessDialog(html('b', ''), 'Status');
    });
    expect(f.ui.dialogs).toEqual([
      { title: 'Preview', content: 'a', modal: true },
      { title: 'Status', content: 'b', modal: false },
    ]);
  });
});

describe('alert and prompt', () => {
  test('without a scripted answer: an OK alert answers OK, a YES_NO alert and a prompt CLOSE', () => {
    const f = sheetsFixture();
    const got = f.ok(() => {
      const ui = f.app.getUi();
      const p = ui.prompt('Batch id?');
      return [
        ui.alert('Done'),
        ui.alert('Sure?', ui.ButtonSet.YES_NO),
        p.getSelectedButton(),
        p.getResponseText(),
      ];
    });
    expect(got).toEqual(['OK', 'CLOSE', 'CLOSE', '']);
  });

  test('scripted answers are used in order and recorded', () => {
    const f = sheetsFixture();
    f.ui.answerNext('YES').answerNext('OK', 'B-42');
    const got = f.ok(() => {
      const ui = f.app.getUi();
      const yes =
        ui.alert('Deliver', 'Copy 3 tasks to the client?', ui.ButtonSet.YES_NO) === ui.Button.YES;
      const p = ui.prompt('Batch', 'Which batch?', ui.ButtonSet.OK_CANCEL);
      return [yes, p.getSelectedButton() === ui.Button.OK, p.getResponseText()];
    });
    expect(got).toEqual([true, true, 'B-42']);
    expect(f.ui.alerts).toEqual([
      {
        kind: 'alert',
        title: 'Deliver',
        prompt: 'Copy 3 tasks to the client?',
        buttons: 'YES_NO',
        answer: 'YES',
      },
      {
        kind: 'prompt',
        title: 'Batch',
        prompt: 'Which batch?',
        buttons: 'OK_CANCEL',
        answer: 'OK',
        responseText: 'B-42',
      },
    ]);
  });

  test('a scripted answer the dialog does not offer is a test bug', () => {
    const f = sheetsFixture();
    f.ui.answerNext('YES');
    const result = f.run(() => f.app.getUi().alert('Only OK'));
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/not a button of a OK alert/);
  });

  test('two strings are not a valid alert overload', () => {
    const f = sheetsFixture();
    const result = f.run(() =>
      (f.app.getUi().alert as (a: string, b: string) => unknown)('Title', 'Text'),
    );
    expect(result.error).toMatch(/don't match the method signature for Ui.alert/);
  });
});

describe('trigger executions', () => {
  test('getUi is refused in an execution started by a trigger', () => {
    const f = sheetsFixture();
    const result = f.run(() => f.app.getUi(), 'ops@example.com', 'trigger-1');
    expect(result.ok).toBe(false);
    expect(result.error).toBe('Cannot call SpreadsheetApp.getUi() from this context.');
    expect(f.run(() => f.app.getUi()).ok).toBe(true);
  });
});

describe('UiRecorder JSON', () => {
  test('round trip keeps menus, sidebar, dialogs, alerts, toasts and pending answers', () => {
    const f = sheetsFixture();
    f.ok(() => {
      const ui = f.app.getUi();
      ui.createMenu('M').addItem('A', 'a').addToUi();
      ui.showSidebar(html('x', 'S'));
      ui.alert('hi');
      f.app.getActiveSpreadsheet().toast('t');
    });
    f.ui.answerNext('CANCEL');
    const copy = UiRecorder.fromJSON(JSON.parse(JSON.stringify(f.ui)));
    expect(copy.toJSON()).toEqual(f.ui.toJSON());
    expect(copy.pendingAnswers()).toBe(1);
    expect(copy.answer('alert', 'OK_CANCEL').button).toBe('CANCEL');
  });
});
