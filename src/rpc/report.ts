/** The export status report (PLAN 6.1). */
import type { ExportBatchInfo, ExportStatusReport } from '../shared/rpc';
import * as reporting from '../report/reporting';

export function generateExportStatusReport(): ExportStatusReport {
  return reporting.generateExportStatusReport();
}

export function listAllExportBatches(): ExportBatchInfo[] {
  return reporting.listAllExportBatches();
}
