/** The help page's content through the built bundle: its rules follow what staging checks. */
import { call, demoWorkspace } from '../helpers/workspace';

interface Help {
  statuses: Array<{ words: string; inSheet: string; means: string }>;
  fileRules: string[];
  whenFails: Array<{ what: string; todo: string }>;
}

describe('How exports work', () => {
  test('says what each status means in words, the file rules, and where to go on a failure', () => {
    const d = demoWorkspace();
    const help = call<Help>(d, 'getHelpInfo');
    expect(help.statuses.map((s) => s.words)).toEqual([
      'Not exported',
      'Being staged',
      'Staged, awaiting delivery',
      'Being delivered',
      'Delivered',
      'Staging failed',
      'Delivery failed',
    ]);
    expect(help.statuses.every((s) => s.means.length > 0)).toBe(true);
    // Beside each, what the Export Status cell holds, so the sheet can be read with it.
    expect(help.statuses.map((s) => s.inSheet)).toEqual([
      '',
      'staging',
      'staged',
      'delivering',
      'delivered',
      'staging_failed',
      'delivery_failed',
    ]);
    // The minimum staging checks, as its failures word it ("at least 6 are needed").
    expect(help.fileRules.join(' ')).toContain('at least 6 usable files');
    expect(help.whenFails.map((f) => f.todo).join(' ')).toContain('Resume failed exports');
  });
});
