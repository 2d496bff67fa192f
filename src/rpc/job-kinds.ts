/** How the generic job runner is put together with the export's kinds of job and its copier. */
import type { JobKind } from '../shared/rpc';
import { DriveAppCopier } from '../drive/driveapp-copier';
import { Copier } from '../drive/copier';
import { DEFAULT_WRITES_PER_SECOND } from '../drive/pacer';
import { RestCopier } from '../drive/rest-copier';
import { stagingJob } from '../staging/staging';
import { deliveryJob } from '../delivery/delivery';
import { JobHandler } from '../jobs/runner';
import { watchForTasksInFlight } from '../jobs/watchdog-trigger';
import { IN_FLIGHT } from '../sheet/export-status';
import { readTable } from '../sheet/table';

/**
 * The job runner knows nothing of sheets; it is told here how to see tasks in flight, which keep
 * the watchdog armed when the last job ends (a job whose state was lost is rebuilt by its round).
 */
watchForTasksInFlight(() =>
  readTable().tasks.some((t) => t.exportStatus !== null && IN_FLIGHT.includes(t.exportStatus)),
);

/** The handler of each kind of job. */
export function handlerFor(kind: JobKind): JobHandler {
  if (kind === 'staging') return stagingJob;
  if (kind === 'delivery') return deliveryJob;
  throw new Error(`Jobs of kind "${kind}" cannot run in this version.`);
}

/** Script property choosing the copier: 'rest' (the default) or 'driveapp' (the fallback). */
export const COPIER_PROPERTY = 'EXPORT_COPIER';
/** Script property: Drive writes per second the REST copier keeps to (default 3). */
export const WRITE_RATE_PROPERTY = 'EXPORT_WRITES_PER_SECOND';

/**
 * The copier exports use: parallel REST copies paced to Drive's write rate, unless the settings
 * ask for DriveApp's one-by-one copies.
 */
export function exportCopier(): Copier {
  const all = PropertiesService.getScriptProperties().getProperties();
  if (all[COPIER_PROPERTY] === 'driveapp') return new DriveAppCopier();
  const rate = Number(all[WRITE_RATE_PROPERTY]);
  return new RestCopier(rate > 0 ? rate : DEFAULT_WRITES_PER_SECOND);
}
