/** The export status report (PLAN 6.1). */
import type { ExportBatchInfo, ExportStatusFigures, ExportStatusReport } from '../shared/rpc';
import * as reporting from '../report/reporting';

export function generateExportStatusReport(): ExportStatusReport {
  return reporting.generateExportStatusReport();
}

/** The report's figures without measuring the staging folder: the page's refresh while jobs run. */
export function refreshExportStatusReport(): ExportStatusFigures {
  return reporting.exportStatusFigures();
}

export function listAllExportBatches(): ExportBatchInfo[] {
  return reporting.listAllExportBatches();
}
