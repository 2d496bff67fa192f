/** A running job as every page follows it: its progress, a slice driven by the open sidebar. */
import type { JobKind, JobProgress } from '../shared/rpc';
import { activeJobs } from '../jobs/active';
import { activeJobKind } from '../jobs/job';
import { progressOf, runSlice } from '../jobs/runner';
import { exportCopier, handlerFor } from './job-kinds';
import { savingUsage } from '../drive/daily-usage';

export function getJobProgress(jobId: string): JobProgress {
  return progressOf(jobId);
}

/** One slice of a job, driven by the open sidebar. */
export function continueJob(jobId: string): JobProgress {
  const kind = activeJobKind(jobId);
  if (!kind) return progressOf(jobId);
  return savingUsage(() => runSlice(jobId, 'sidebar', handlerFor(kind), exportCopier()));
}

/** The jobs running now (of one kind, or all): a wizard reopened mid-job finds its job here. */
export function getActiveJobs(kind: JobKind | null): JobProgress[] {
  return activeJobs(kind);
}
