import {
  IllegalTransitionError,
  assertTransition,
  canTransition,
  parseExportState,
} from '../../src/sheet/export-status';

describe('export status state machine', () => {
  test.each([
    [null, 'staging', 'stage'],
    ['staging', 'staged', 'copy'],
    ['staging', 'staging_failed', 'validate'],
    ['staged', 'delivering', 'deliver'],
    ['delivering', 'delivered', 'verify'],
    ['delivering', 'delivery_failed', 'verify'],
    ['staging_failed', 'staging', 'retry'],
    ['delivery_failed', 'staged', 'retry'],
    [null, 'delivered', 'migration'],
    // PLAN 2.2: a task whose files fail the check is marked when staging starts.
    [null, 'staging_failed', 'validate'],
    ['delivered', 'staging_failed', 'validate'],
  ] as const)('%s -> %s by %s is allowed', (from, to, cause) => {
    expect(canTransition(from, to, cause)).toBe(true);
  });

  test.each([
    [null, 'staged', 'copy'],
    [null, 'delivered', 'verify'],
    ['staged', 'delivered', 'verify'],
    ['delivered', null, 'manualReset'],
    ['delivered', 'staging', 'stage'],
    ['staging', 'delivering', 'deliver'],
    ['staging_failed', null, 'stage'],
    [null, 'staging_failed', 'copy'],
    ['staged', 'staging_failed', 'validate'],
  ] as const)('%s -> %s by %s is refused', (from, to, cause) => {
    expect(canTransition(from, to, cause)).toBe(false);
  });

  test('an illegal move names the task and both statuses', () => {
    expect(() => assertTransition('TSK-9', 'staged', 'delivered', 'verify')).toThrow(
      IllegalTransitionError,
    );
    expect(() => assertTransition('TSK-9', 'staged', 'delivered', 'verify')).toThrow(
      /Task TSK-9.*"staged".*"delivered"/,
    );
  });

  test('status cells are read leniently for case, strictly for content', () => {
    expect(parseExportState('')).toBeNull();
    expect(parseExportState(' Staged ')).toBe('staged');
    expect(parseExportState('done')).toEqual({ invalid: 'done' });
  });
});
