/** The server side of the staging wizard page that is not the staging engine itself. */
import type { OverrideChoice, OverrideFlag, StagingWizardSetup } from '../shared/rpc';
import { OVERRIDE_WARNINGS } from '../selection/filters';
import { getExportFilterOptions } from '../selection/queries';
import { getStagingConfiguration } from './staging-service';
import { activeJobs } from '../jobs/active';
import { OVERRIDE_LABELS } from '../shared/override-labels';

/** What the wizard shows first: filter choices, overrides, the staging folder, running jobs. */
export function getStagingWizardSetup(): StagingWizardSetup {
  const overrides: OverrideChoice[] = (Object.keys(OVERRIDE_LABELS) as OverrideFlag[]).map(
    (flag) => ({ flag, label: OVERRIDE_LABELS[flag], warning: OVERRIDE_WARNINGS[flag] }),
  );
  return {
    filterOptions: getExportFilterOptions(),
    overrides,
    staging: getStagingConfiguration(),
    runningJobs: activeJobs('staging'),
  };
}
