import type { JobKind, JobProgress } from '../shared/rpc';
import { JobState, activeJobIds, loadJob } from './job';
import { toProgress } from './runner';

const KINDS: readonly JobKind[] = ['staging', 'delivery'];

/**
 * The jobs running now, oldest first, as the wizards show them: a wizard opened while its job runs
 * finds it here and shows it where it stands. `kind` null lists every kind.
 */
export function activeJobs(kind: JobKind | null = null): JobProgress[] {
  if (kind !== null && kind !== undefined && !KINDS.includes(kind)) {
    throw new Error(`"${String(kind)}" is not a kind of export job (staging or delivery).`);
  }
  const all = PropertiesService.getScriptProperties().getProperties();
  return activeJobIds(all)
    .map((id) => loadJob(id, all))
    .filter((job): job is JobState => job !== null && (!kind || job.kind === kind))
    .map(toProgress);
}
