/**
 * Lightning writes the module's hyper-parameters to `hparams.yaml` beside the event files. Values
 * that PyYAML dumped with Python-specific tags (`!!python/name:torch.optim.AdamW ''`) become the
 * tag's target name (`torch.optim.AdamW`), which is what the user wrote in the source.
 */
import * as fs from 'node:fs';
import { isScalar, parseDocument, visit } from 'yaml';

const PYTHON_TAG = /^tag:yaml\.org,2002:python\/[a-z/]+:(.*)$/;

/** Parsed hparams.yaml, or undefined when the file is missing or not a YAML mapping. */
export function readHparams(file: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const doc = parseDocument(text, { logLevel: 'silent' });
    if (doc.errors.length > 0) return undefined;
    visit(doc, {
      Scalar(_key, node) {
        const m = node.tag ? PYTHON_TAG.exec(node.tag) : null;
        if (m && isScalar(node)) {
          node.value = m[1] || node.value;
          node.tag = undefined;
        }
      },
    });
    const data: unknown = doc.toJS();
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
