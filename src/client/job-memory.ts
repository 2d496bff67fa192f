/**
 * The job this browser last started or watched from a wizard, so that a wizard reopened after the
 * job ended can still show how it ended. Best effort: a browser that refuses storage shows the
 * wizard's first step instead.
 */
export function rememberJob(wizard: string, jobId: string): void {
  try {
    window.localStorage.setItem(key(wizard), jobId);
  } catch {
    // Storage is off for this page; nothing is lost but the recap after a reopen.
  }
}

export function rememberedJob(wizard: string): string | null {
  try {
    return window.localStorage.getItem(key(wizard));
  } catch {
    return null;
  }
}

export function forgetJob(wizard: string): void {
  try {
    window.localStorage.removeItem(key(wizard));
  } catch {
    // As above.
  }
}

const key = (wizard: string) => `twoPhaseExport.${wizard}.job`;
