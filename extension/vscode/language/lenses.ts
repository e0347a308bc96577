/**
 * The CodeLenses over a spec (plain data; the provider turns them into vscode.CodeLens):
 * `▶ Train`, `▶ Evaluate`, `Composer` above the opening brace and, when the spec has a sweep,
 * `Sweep (N points)` above the "sweep" key (N = valid points after exclusions and rule checks).
 */
import { dirname } from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, type Node } from 'jsonc-parser';

export interface LensSpec {
  /** 0-based offset the lens sits on (its line). */
  offset: number;
  title: string;
  command: string;
  tooltip: string;
}

export function specLenses(
  text: string,
  fileName: string,
  countSweepPoints: (spec: unknown, baseDir: string) => number | undefined,
): LensSpec[] {
  const root: Node | undefined = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') return [];
  const at = root.offset;
  const lenses: LensSpec[] = [
    { offset: at, title: '▶ Train', command: 'vlaLab.train', tooltip: 'Train this experiment (VLA Lab: Train)' },
    { offset: at, title: '▶ Evaluate', command: 'vlaLab.evaluate', tooltip: 'Evaluate a finished run of this experiment' },
    { offset: at, title: 'Composer', command: 'vlaLab.openComposer', tooltip: 'Open the visual composer' },
  ];
  const sweepNode = findNodeAtLocation(root, ['sweep']);
  if (sweepNode?.parent) {
    let n: number | undefined;
    try {
      n = countSweepPoints(getNodeValue(root), dirname(fileName));
    } catch {
      n = undefined;
    }
    lenses.push({
      offset: sweepNode.parent.offset,
      title: n === undefined ? 'Sweep' : `Sweep (${n} point${n === 1 ? '' : 's'})`,
      command: 'vlaLab.launchSweep',
      tooltip: 'Launch every valid point of this sweep',
    });
  }
  return lenses;
}

/** The number of points a sweep would launch (core/spec's expansion, capped for the lens). */
export function countSweepPoints(spec: unknown, baseDir: string): number | undefined {
  const core = require('../../core/spec') as typeof import('../../core/spec');
  const x = core.expandSweep(spec, core.diskContext(baseDir), { maxPoints: 1024 });
  if (x.problems.some((p) => p.severity === 'error')) return undefined;
  return x.points.length;
}
