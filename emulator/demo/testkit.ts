/** Helpers for the demo's own tests: a bare host over the stores, and link parsing. */
import { createContext } from '../core/context';
import { DriveStore } from '../drive/store';
import { SpreadsheetStore } from '../spreadsheet/store';
import type { DemoHost } from '.';

export function bareHost(seed = 1): DemoHost & { users: string[] } {
  const ctx = createContext({ seed });
  const drive = new DriveStore(ctx);
  const sheets = new SpreadsheetStore(ctx, drive);
  const users = ['ops@example.com'];
  return {
    ctx,
    drive,
    sheets,
    users,
    owner: users[0],
    addUser: (email: string) => {
      if (!users.includes(email)) users.push(email);
    },
  };
}

/** The Drive ids in a cell, written independently of the add-on's own link parser. */
export function idsIn(cell: unknown): string[] {
  if (typeof cell !== 'string' || cell === '') return [];
  return cell.split('\n').flatMap((line) => {
    const m =
      /^https:\/\/drive\.google\.com\/file\/d\/([\w-]+)\/view/.exec(line) ??
      /^https:\/\/drive\.google\.com\/(?:open|uc)\?id=([\w-]+)/.exec(line) ??
      /^([\w-]{25,})$/.exec(line);
    return m ? [m[1]] : [];
  });
}
