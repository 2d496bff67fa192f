import { DriveAppCopier } from '../drive/driveapp-copier';
import { Copier } from '../drive/copier';
import { stagingHandler } from '../export/staging';
import type { JobKind } from '../shared/rpc';
import { HandlerFactory } from './runner';

/** The handler of each kind of job. */
export function handlerFor(kind: JobKind): HandlerFactory {
  if (kind === 'staging') return stagingHandler;
  throw new Error(`Jobs of kind "${kind}" cannot run in this version.`);
}

/** The copier exports use. */
export function exportCopier(): Copier {
  return new DriveAppCopier();
}
