/**
 * The Apps Script globals: menu handlers, google.script.run targets and trigger handlers. This file
 * only re-exports them from src/rpc/; the build turns each into a top-level function of
 * dist/Code.js, and the pages take their types from here (src/client/rpc.ts).
 */
export {
  onOpen,
  onInstall,
  configureStagingFolder,
  configureStagingFolderFromWizard,
  showStagingWizard,
  showExportWizard,
  showDeliveryWizard,
  showDeliveryWizardForBatch,
  showExportStatusReport,
  showResumeFailedExports,
  showResumeFailedExportsForBatch,
  showExportBatches,
  showStatusChange,
  showStatusChangeForTask,
  showCleanUp,
  showHelp,
  showCheckSetup,
} from './rpc/menu';
export { getHelpInfo } from './rpc/help';
export {
  saveStagingFolder,
  listDriveFolders,
  getEmailSetting,
  saveEmailSetting,
} from './rpc/staging-folder';
export {
  getStagingConfiguration,
  getExportFilterOptions,
  getTasksForStaging,
  countTasksForStaging,
  executeStagingWizard,
  getStagedExportBatches,
  getStagingWizardSetup,
  getExportSheetPreview,
} from './rpc/staging-wizard';
export { getJobProgress, continueJob, getActiveJobs } from './rpc/jobs';
export {
  getAvailableStagedExports,
  previewStagedExport,
  checkClientFolder,
  getRecentClientFolders,
  executeDeliveryWizard,
  getDeliveryWizardSetup,
  getDeliveryCounts,
} from './rpc/delivery-wizard';
export {
  listRecoverableExports,
  resumeFailedStaging,
  retryFailedStagingTasks,
  resumeFailedDelivery,
  retryFailedDelivery,
  resetTaskExportStatus,
  getTaskStatusChoices,
  getTasksByExportStatus,
  updateTaskExportStatus,
  previewCleanupFailedExports,
  cleanupFailedExports,
} from './rpc/recovery';
export {
  generateExportStatusReport,
  listAllExportBatches,
  refreshExportStatusReport,
} from './rpc/report';
export { runExportJobs, runExportWatchdog } from './rpc/triggers';
export { runSetupCheck, cleanUpSetupCheck } from './rpc/setup';
