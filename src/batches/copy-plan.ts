import { CopyRequest } from '../drive/copier';

/**
 * Target names inside a task folder, decided before any copy: the source's name, made unique with
 * " (2)", " (3)"... before the extension. The plan depends only on the task's links, so every
 * resumed slice plans the same names, and a name already in the folder means that copy is done.
 */
export function planTargets(
  files: ReadonlyArray<{ id: string; name: string; resourceKey?: string }>,
): CopyRequest[] {
  const used = new Set<string>();
  return files.map((file) => {
    let name = file.name;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = withSuffix(file.name, n);
    used.add(name.toLowerCase());
    // A file shared by link keeps its resource key with the plan: every copy of it must send it.
    return file.resourceKey
      ? { sourceId: file.id, targetName: name, resourceKey: file.resourceKey }
      : { sourceId: file.id, targetName: name };
  });
}

function withSuffix(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}
