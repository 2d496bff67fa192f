/**
 * One task's files in Drive and the link cells that point at them. A sound task has
 * <Folder Name>/ with the .obj, the renders, the .mp4 and the alignment .json, plus three base
 * images kept apart under Base Images/<Folder Name>/ whose names do not contain the folder name
 * (validation must not take them for the production .jpg). Each bad kind breaks exactly one thing.
 */
import { ServiceContext } from '../core/context';
import { newDriveId } from '../drive/ids';
import { DriveStore } from '../drive/store';
import { notADriveLink, pastedLink, pastedLinks } from './links';
import { RowPlan } from './plan';
import { DemoTree, backdate } from './tree';
import { DemoKind, DemoUsers } from './types';

export interface TaskCells {
  base: [string, string, string];
  obj: string;
  renders: string;
  video: string;
  alignment: string;
}

export interface TaskFiles {
  cells: TaskCells;
  fileIds: string[];
  expectedFiles: number;
  badFileId?: string;
}

const MB = 1024 * 1024;
const KB = 1024;

/** Kinds whose files are sound: staging copies every file they link to. */
const SOUND_FILES: ReadonlySet<DemoKind> = new Set<DemoKind>([
  'valid',
  'notComplete',
  'reviewFailed',
  'reviewPending',
  'alreadyExported',
  'hostile',
]);

export interface FileContext {
  ctx: ServiceContext;
  drive: DriveStore;
  tree: DemoTree;
  users: DemoUsers;
  filesPerTask: number;
}

export function seedTaskFiles(fc: FileContext, plan: RowPlan): TaskFiles {
  return new TaskSeeder(fc, plan).seed();
}

class TaskSeeder {
  private readonly fileIds: string[] = [];
  private badFileId?: string;
  private readonly at: number;
  private readonly folderId: string;

  constructor(
    private readonly fc: FileContext,
    private readonly plan: RowPlan,
  ) {
    this.at = (plan.completed || plan.created).getTime();
    const batchFolder = fc.tree.batchFolders.get(plan.batchId)!;
    this.folderId = this.folder(plan.folderName, batchFolder);
  }

  seed(): TaskFiles {
    const cells: TaskCells = {
      base: this.baseImages(),
      obj: this.obj(),
      renders: this.renders(),
      video: this.video(),
      alignment: this.alignment(),
    };
    const sound = SOUND_FILES.has(this.plan.kind);
    return {
      cells,
      fileIds: this.fileIds,
      expectedFiles: sound ? this.fileIds.length : 0,
      badFileId: this.badFileId,
    };
  }

  private get kind(): DemoKind {
    return this.plan.kind;
  }

  private get random() {
    return this.fc.ctx.random;
  }

  private baseImages(): [string, string, string] {
    const folderId = this.folder(this.plan.folderName, this.fc.tree.baseImages);
    const names = ['base_front.jpg', 'base_side.jpg', 'base_top.jpg'];
    // Too few files: the third base image was never uploaded.
    const count = this.kind === 'tooFewFiles' ? 2 : 3;
    const cells = names.map((name, i) =>
      i < count ? this.link(this.file(name, 'image/jpeg', this.jpgSize(), folderId)) : '',
    );
    return cells as [string, string, string];
  }

  private obj(): string {
    const name = `${this.plan.folderName}.obj`;
    const mime = this.random.next() < 0.5 ? 'model/obj' : 'application/octet-stream';
    const size = Math.round(this.random.between(5, 80) * MB);
    switch (this.kind) {
      case 'missingObj':
        return '';
      case 'deadLink':
        return this.link(this.deadId());
      case 'noAccessFile': {
        const id = this.file(name, mime, size, this.fc.tree.otherPrivate, this.fc.users.other);
        this.badFileId = id;
        return this.link(id);
      }
      default:
        return this.link(this.file(name, mime, size));
    }
  }

  private renders(): string {
    const count = this.kind === 'tooFewFiles' ? 1 : Math.max(1, this.fc.filesPerTask - 6);
    const prefix = this.kind === 'jpgWithoutFolderName' ? '' : `${this.plan.folderName}_`;
    const ids: string[] = [];
    for (let i = 1; i <= count; i++) {
      const name = `${prefix}render_${String(i).padStart(2, '0')}.jpg`;
      ids.push(this.file(name, 'image/jpeg', this.jpgSize()));
    }
    this.fileIds.push(...ids);
    return pastedLinks(this.random, ids);
  }

  private video(): string {
    const name = `${this.plan.folderName}.mp4`;
    if (this.kind === 'missingMp4') return '';
    if (this.kind === 'malformedLink') return notADriveLink(this.random, name);
    const id = this.file(name, 'video/mp4', Math.round(this.random.between(20, 200) * MB));
    if (this.kind === 'trashedFile') {
      this.fc.drive.trash(id);
      this.badFileId = id;
    }
    return this.link(id);
  }

  /** Optional: a task of exactly 6 files (3 base + obj + jpg + mp4) has none. */
  private alignment(): string {
    if (this.kind === 'tooFewFiles' || this.fc.filesPerTask < 7) return '';
    const name = `${this.plan.folderName}_alignment.json`;
    const size = Math.round(this.random.between(2, 20) * KB);
    return this.link(this.file(name, 'application/json', size));
  }

  private jpgSize(): number {
    return Math.round(this.random.between(1, 6) * MB);
  }

  /** A well-formed id that no Drive item has: the file was deleted for good. */
  private deadId(): string {
    let id = newDriveId(this.random);
    while (this.fc.drive.get(id)) id = newDriveId(this.random);
    this.badFileId = id;
    return id;
  }

  private link(id: string): string {
    this.fileIds.push(id);
    return pastedLink(this.random, id);
  }

  private folder(name: string, parentId: string): string {
    const owner = this.fc.users.owner;
    const at = this.plan.created.getTime();
    return backdate(this.fc.drive.createFolder({ name, parentId, owner }), at).id;
  }

  private file(
    name: string,
    mimeType: string,
    size: number,
    parentId = this.folderId,
    owner = this.fc.users.owner,
  ): string {
    const item = this.fc.drive.createFile({ name, mimeType, parentId, owner, size });
    return backdate(item, this.at).id;
  }
}
