/** The staging wizard (PLAN 2.3). */
import type {
  ExportFilterOptions,
  ExportFilters,
  ExportSheetPreview,
  StagedBatch,
  StagingConfiguration,
  StagingCount,
  StagingPreview,
  StagingSelection,
  StagingStart,
  StagingWizardSetup,
} from '../shared/rpc';
import * as queries from '../selection/queries';
import * as sheetPreview from '../staging/sheet-preview';
import * as staging from '../staging/staging-service';
import * as stagingWizard from '../staging/wizard-setup';
import { exportCopier } from './job-kinds';
import { savingUsage } from '../drive/daily-usage';

export function getStagingConfiguration(): StagingConfiguration {
  return staging.getStagingConfiguration();
}

export function getExportFilterOptions(): ExportFilterOptions {
  return queries.getExportFilterOptions();
}

/** The filter step's live count: one sheet read, no Drive calls. */
export function countTasksForStaging(filters: ExportFilters): StagingCount {
  return queries.countTasksForStaging(filters);
}

/** The filters come from the page; the service checks each one (`checkFilters`). */
export function getTasksForStaging(filters: ExportFilters): StagingPreview {
  return savingUsage(() => staging.getTasksForStaging(filters, exportCopier()));
}

export function executeStagingWizard(
  selection: StagingSelection,
  exportBatchId?: string,
): StagingStart {
  return savingUsage(() => staging.executeStagingWizard(selection, exportBatchId, exportCopier()));
}

export function getStagedExportBatches(): StagedBatch[] {
  return queries.getStagedExportBatches();
}

export function getStagingWizardSetup(): StagingWizardSetup {
  return stagingWizard.getStagingWizardSetup();
}

export function getExportSheetPreview(taskIds: string[], batchId: string): ExportSheetPreview {
  return sheetPreview.getExportSheetPreview(taskIds, batchId);
}
