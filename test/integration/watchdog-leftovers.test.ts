/**
 * What a continuation leaves when it is killed twice at the end of the last job: its record and its
 * spent trigger, with no trigger to come that would remove them. The watchdog's round, finding no
 * job and no task in flight, removes them before itself.
 */
import { stageAll } from '../helpers/delivery';
import { demoWorkspace } from '../helpers/workspace';

test('the watchdog, finding no job left, removes a continuation left behind, then itself', () => {
  const d = demoWorkspace();
  stageAll(d);
  expect(d.ws.triggers.list()).toEqual([]);
  const apps = d.ws.globals() as unknown as { ScriptApp: GoogleAppsScript.Script.ScriptApp };
  // The state a continuation killed while it forgot the last job leaves: the job still listed as
  // active with its record gone, the continuation's record, its trigger, and the watchdog.
  const armed = d.ws.execute(() => {
    const trigger = apps.ScriptApp.newTrigger('runExportJobs').timeBased().after(60_000).create();
    apps.ScriptApp.newTrigger('runExportWatchdog').timeBased().everyMinutes(15).create();
    return trigger.getUniqueId();
  });
  expect(armed.ok).toBe(true);
  d.ws.properties.script.set('exportJobs.active', JSON.stringify(['stage-EXP-GONE']));
  d.ws.properties.script.set(
    'exportJobs.trigger',
    JSON.stringify({ uid: armed.value, due: d.ws.clock.now() + 60_000 }),
  );
  // The continuation dies again as it retires, at its first write.
  d.ws.faults.add({
    kind: 'kill',
    probability: 1,
    match: (c) =>
      c.kind === 'write' && d.ws.runtime.executions[c.executionId - 1]?.fn === 'runExportJobs',
  });
  const runs = d.ws.settle().map((r) => `${r.execution.fn}:${r.execution.outcome}`);
  expect(runs).toEqual(['runExportJobs:killed', 'runExportWatchdog:ok']);
  expect(d.ws.triggers.list()).toEqual([]);
  expect([...d.ws.properties.script.keys()].filter((k) => k.startsWith('exportJob'))).toEqual([]);
});
