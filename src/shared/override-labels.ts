/**
 * The staging wizard's override checkboxes, as they are labelled: the wizard shows them, and
 * other pages name them by these words when they send a person there.
 */
import type { OverrideFlag } from './rpc';

export const OVERRIDE_LABELS: Record<OverrideFlag, string> = {
  includeUnreviewed: 'Include tasks not reviewed yet',
  includeFailed: 'Include tasks that failed review',
  includeAlreadyExported: 'Include tasks already delivered',
};
