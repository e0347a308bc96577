/**
 * The dataset entries of a spec (`data.stages[*].datasets[*]`) with their positions, for the
 * editor's "Open Dataset" CodeLens: the folder a viewer opens (a `path` relative to the spec file),
 * or none (a Playtable entry without `path` generates its data under runs/_data/ at launch).
 */
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import * as path from 'node:path';

export interface SpecDatasetEntry {
  /** Offset of the entry's object in the text (where the lens goes). */
  offset: number;
  type: string;
  /** The data folder, absolute (resolved against the spec's folder); undefined when the entry has none. */
  dir?: string;
  split?: string;
}

function str(obj: Node, key: string): string | undefined {
  const n = findNodeAtLocation(obj, [key]);
  return n?.type === 'string' ? (n.value as string) : undefined;
}

export function specDatasetEntries(text: string, specFile: string): SpecDatasetEntry[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const stages = root ? findNodeAtLocation(root, ['data', 'stages']) : undefined;
  if (stages?.type !== 'array') return [];
  const out: SpecDatasetEntry[] = [];
  for (const stage of stages.children ?? []) {
    const datasets = stage.type === 'object' ? findNodeAtLocation(stage, ['datasets']) : undefined;
    if (datasets?.type !== 'array') continue;
    for (const ds of datasets.children ?? []) {
      if (ds.type !== 'object') continue;
      const type = str(ds, 'type') ?? '';
      const p = str(ds, 'path');
      const expanded = p?.startsWith('~/') ? path.join(process.env.HOME ?? '', p.slice(2)) : p;
      out.push({
        offset: ds.offset,
        type,
        ...(expanded ? { dir: path.resolve(path.dirname(specFile), expanded) } : {}),
        ...(str(ds, 'split') ? { split: str(ds, 'split') } : {}),
      });
    }
  }
  return out;
}
