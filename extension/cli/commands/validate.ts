/**
 * `vla-lab validate <files|dirs…> [--json]`: schema + semantic checks of *.vla.json specs, and the
 * RoboVLMs lint of RoboVLMs configs (JSON with a top-level `robovlm_name`), as the editor does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../../core/diagnostics';
import { isUserError, UserError } from '../../core/errors';
import { isRoboVLMsConfig, lintRoboVLMsConfig } from '../../core/robovlms';
import { readSpecFile, validateSpecFile } from '../../core/spec';
import { parseCommandArgs, type Command } from '../command';

const USAGE = `usage: vla-lab validate <file.vla.json|robovlms.json|dir>... [--json] [--robovlms-path DIR]

Checks experiment specs against schemas/experiment.schema.json and the semantic rules
(formulation × backbone, backends, paths, launchers, data recipes, sweeps). A RoboVLMs config
(a JSON file with a top-level "robovlm_name") gets the RoboVLMs lint instead: its schema and the
places where RoboVLMs ignores, overwrites or crashes on what the config says (docs/robovlms.md).
A directory means every *.vla.json and RoboVLMs config below it. Prints one line per problem:
  file:line:col: severity code: message
and a summary on stderr. Exit status 1 when any file has an error, 0 otherwise
(warnings and infos do not fail).

options:
  --robovlms-path DIR   your RoboVLMs checkout (default: $VLA_LAB_ROBOVLMS_PATH): a config's
                        "parent" resolves there, as RoboVLMs' main.py reads it
  --json   print [{"file", "diagnostics"}] (or {"file", "error"} for unreadable files) instead`;

/** Files named on the command line; directories expand to the *.vla.json files below them. */
function collect(arg: string, cwd: string): string[] {
  const abs = resolve(cwd, arg);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    /* reported when read */
  }
  if (!isDir) return [arg];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'runs') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.vla.json') || (e.name.endsWith('.json') && namesRoboVLM(p))) out.push(relative(cwd, p) || p);
    }
  };
  walk(abs);
  if (out.length === 0) throw new UserError(`validate: no *.vla.json files or RoboVLMs configs in ${arg}`);
  return out;
}

/** A RoboVLMs config found while walking a directory (cheap text test first; unreadable: not one). */
function namesRoboVLM(path: string): boolean {
  try {
    const text = readFileSync(path, 'utf8');
    return isRoboVLMsConfig(text);
  } catch {
    return false;
  }
}

interface Checked {
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * One file's problems. The editor's rule (vscode/language/checks.ts documentKind): *.vla.json is a
 * spec; another .json file naming robovlm_name is a RoboVLMs config and gets the RoboVLMs lint (which
 * includes the config schema), never the spec schema's rules.
 */
function checkFile(abs: string, display: string, robovlmsPath: string | undefined): Checked {
  if (!/\.vla\.json$/i.test(abs) && /\.json$/i.test(abs)) {
    const text = readSpecFile(abs, display);
    if (isRoboVLMsConfig(text)) {
      const diagnostics = lintRoboVLMsConfig(text, { filePath: abs, cwd: robovlmsPath });
      const count = (s: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === s).length;
      return { diagnostics, errors: count('error'), warnings: count('warning'), infos: count('info') };
    }
  }
  return validateSpecFile(abs, { displayName: display });
}

export const command: Command = {
  name: 'validate',
  summary: 'check *.vla.json experiment specs (schema + semantic rules)',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('validate', ctx.args, {
      json: { type: 'boolean' },
      'robovlms-path': { type: 'string' },
    });
    const robovlmsPath = values['robovlms-path'] || ctx.env.VLA_LAB_ROBOVLMS_PATH || undefined;
    if (positionals.length === 0)
      throw new UserError("validate: give one or more *.vla.json files, RoboVLMs configs or directories (see 'vla-lab validate --help')");
    const files = positionals.flatMap((p) => collect(p, ctx.cwd));
    const report: ({ file: string; diagnostics: Diagnostic[] } | { file: string; error: string })[] = [];
    let errors = 0,
      warnings = 0,
      infos = 0,
      unreadable = 0;
    for (const file of files) {
      try {
        const r = checkFile(resolve(ctx.cwd, file), file, robovlmsPath ? resolve(ctx.cwd, robovlmsPath) : undefined);
        errors += r.errors;
        warnings += r.warnings;
        infos += r.infos;
        report.push({ file, diagnostics: r.diagnostics });
        if (!values.json) for (const d of r.diagnostics) ctx.out(formatDiagnostic(file, d));
      } catch (e) {
        if (!isUserError(e)) throw e;
        unreadable++;
        report.push({ file, error: e.message });
        if (!values.json) ctx.err(`vla-lab: ${e.message}`);
      }
    }
    if (values.json) ctx.out(JSON.stringify(report, null, 2));
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    ctx.err(
      `${plural(files.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')}${unreadable ? `, ${unreadable} unreadable` : ''}`,
    );
    return errors > 0 || unreadable > 0 ? 1 : 0;
  },
};
