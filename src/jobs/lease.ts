/**
 * A job's lease: which execution works on the job now. One job per batch runs one slice at a time
 * (the sidebar, the continuation trigger and the watchdog may all ask for one), while jobs of other
 * batches go on side by side. The lease is taken and checked under the script lock for a moment,
 * then held, without the lock, for the whole slice.
 */
import { underScriptLock } from './lock';

/**
 * Apps Script ends every execution within 6 minutes (Google's quotas page, "Script runtime"), so
 * a lease that old belongs to an execution that is gone: killed before it could give it back.
 */
export const LEASE_MS = 6 * 60 * 1000;
const LEASE_WAIT_MS = 2000;

const leaseKey = (jobId: string) => `exportLease.${jobId}`;

interface Lease {
  holder: string;
  until: number;
}

function props(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getScriptProperties();
}

function held(jobId: string): Lease | null {
  const raw = props().getProperty(leaseKey(jobId));
  return raw ? (JSON.parse(raw) as Lease) : null;
}

/**
 * Takes the job's lease for this execution (`holder`), unless another execution holds it; false
 * then, and also when the lock itself could not be had within `lockWaitMs`.
 */
export function takeLease(jobId: string, holder: string, lockWaitMs = LEASE_WAIT_MS): boolean {
  return underScriptLock(
    lockWaitMs,
    () => {
      const now = Date.now();
      const lease = held(jobId);
      if (lease && lease.holder !== holder && lease.until > now) return false;
      props().setProperty(leaseKey(jobId), JSON.stringify({ holder, until: now + LEASE_MS }));
      return true;
    },
    () => false,
  );
}

/** Gives the lease back, if this execution still holds it. */
export function releaseLease(jobId: string, holder: string): void {
  const lease = held(jobId);
  if (lease && lease.holder === holder) props().deleteProperty(leaseKey(jobId));
}

/** Removes the lease of a job that is being forgotten, whoever holds it. */
export function dropLease(jobId: string): void {
  props().deleteProperty(leaseKey(jobId));
}
