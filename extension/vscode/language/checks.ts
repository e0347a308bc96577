/**
 * Which checker a JSON document gets, and running it (plain Node, no `vscode`):
 * - `*.vla.json` specs: parse → schema → semantic rules (core/spec), paths relative to the file;
 * - RoboVLMs configs (a top-level `robovlm_name`, or a file under the configured glob): the
 *   RoboVLMs lint, which includes the config schema (core/robovlms).
 * Heavy modules are loaded on first use so that activating the extension stays cheap.
 */
import { dirname } from 'node:path';
import type { Diagnostic } from '../../core/diagnostics';

export type DocumentKind = 'spec' | 'robovlms';

export function isSpecFile(fileName: string): boolean {
  return /\.vla\.json$/i.test(fileName);
}

/** Cheap test first (no parse unless the text names robovlm_name). */
export function documentKind(fileName: string, text: string, matchesRoboVLMsGlob: boolean): DocumentKind | undefined {
  if (isSpecFile(fileName)) return 'spec';
  if (!/\.json$/i.test(fileName)) return undefined;
  if (matchesRoboVLMsGlob) return 'robovlms';
  return /"robovlm_name"\s*:/.test(text) ? 'robovlms' : undefined;
}

export interface CheckSettings {
  /** vlaLab.robovlms.path: where RoboVLMs runs (parents resolve there). */
  robovlmsPath?: string;
}

export function checkDocument(kind: DocumentKind, fileName: string, text: string, settings: CheckSettings = {}): Diagnostic[] {
  if (kind === 'spec') {
    const spec = require('../../core/spec') as typeof import('../../core/spec');
    return spec.validateSpecText(text, spec.diskContext(dirname(fileName))).diagnostics;
  }
  const robovlms = require('../../core/robovlms') as typeof import('../../core/robovlms');
  return robovlms.lintRoboVLMsConfig(text, { filePath: fileName, cwd: settings.robovlmsPath || undefined });
}
