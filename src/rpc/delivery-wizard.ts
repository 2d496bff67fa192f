/** The delivery wizard (PLAN 3.2, 3.3). */
import type {
  ClientFolderCheck,
  DeliveredCount,
  DeliveryStart,
  DeliveryWizardSetup,
  RecentClientFolder,
  StagedExport,
  StagedExportPreview,
} from '../shared/rpc';
import { getRecentClientFolders as recentClientFolders } from '../delivery/client-folder';
import { previewStagedExport as previewStaged } from '../delivery/delivery-preview';
import * as delivery from '../delivery/delivery-service';
import * as deliveryWizard from '../delivery/wizard-setup';
import { exportCopier } from './job-kinds';
import { savingUsage } from '../drive/daily-usage';

export function getAvailableStagedExports(): StagedExport[] {
  return delivery.getAvailableStagedExports();
}

export function previewStagedExport(batchId: string): StagedExportPreview {
  return savingUsage(() => previewStaged(batchId));
}

export function checkClientFolder(linkOrId: string, batchId: string | null): ClientFolderCheck {
  return savingUsage(() => delivery.checkClientFolder(linkOrId, batchId));
}

export function getRecentClientFolders(): RecentClientFolder[] {
  return recentClientFolders();
}

export function executeDeliveryWizard(batchId: string, clientFolderId: string): DeliveryStart {
  return savingUsage(() => delivery.executeDeliveryWizard(batchId, clientFolderId, exportCopier()));
}

export function getDeliveryWizardSetup(): DeliveryWizardSetup {
  return deliveryWizard.getDeliveryWizardSetup();
}

export function getDeliveryCounts(
  batchId: string,
  deliveryFolderUrl: string | null,
  taskIds: string[],
): DeliveredCount[] {
  return deliveryWizard.getDeliveryCounts(batchId, deliveryFolderUrl, taskIds);
}
