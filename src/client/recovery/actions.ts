import type { JobKind, RecoveryAction, RecoveryResult } from '../../shared/rpc';
import { call } from '../rpc';

/** What a person reads on the button of each recovery action, and what it is called in messages. */
export const ACTION_LABELS: Record<RecoveryAction, { button: string; doing: string }> = {
  resumeFailedStaging: { button: 'Resume staging', doing: 'resume the staging' },
  retryFailedStagingTasks: { button: 'Retry staging', doing: 'retry the staging' },
  resumeFailedDelivery: { button: 'Resume delivery', doing: 'resume the delivery' },
  retryFailedDelivery: { button: 'Retry delivery', doing: 'retry the delivery' },
};

export const KIND_OF: Record<RecoveryAction, JobKind> = {
  resumeFailedStaging: 'staging',
  retryFailedStagingTasks: 'staging',
  resumeFailedDelivery: 'delivery',
  retryFailedDelivery: 'delivery',
};

/**
 * Starts a recovery action on a batch. `clientFolder` (link or id) only counts for a delivery
 * retry: empty means the folder of the batch's last delivery.
 */
export function startRecovery(
  action: RecoveryAction,
  batchId: string,
  clientFolder = '',
): Promise<RecoveryResult> {
  switch (action) {
    case 'resumeFailedStaging':
      return call('resumeFailedStaging', batchId);
    case 'retryFailedStagingTasks':
      return call('retryFailedStagingTasks', batchId, null);
    case 'resumeFailedDelivery':
      return call('resumeFailedDelivery', batchId);
    case 'retryFailedDelivery':
      return call('retryFailedDelivery', batchId, clientFolder.trim() || null);
  }
}
