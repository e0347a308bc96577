import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTree, getNodeValue, type ParseError } from 'jsonc-parser';
import { UserError } from '../../core/errors';
import { compileSpecText, validateSpecSchema } from '../../core/robovlms';
import { parseCommandArgs, writeOutputFile, type Command } from '../command';

function readSpec(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`compile: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  if (!root || errors.length) {
    const at = errors[0]?.offset ?? 0;
    const line = text.slice(0, at).split('\n').length;
    throw new UserError(`compile: ${path}:${line}: not valid JSON; fix the spec (vla-lab validate shows every problem)`);
  }
  const spec = getNodeValue(root);
  const { ok, errors: schemaErrors } = validateSpecSchema(spec);
  if (!ok) {
    const e = schemaErrors[0];
    throw new UserError(
      `compile: ${path}: ${e.instancePath || 'the spec'} ${e.message ?? 'is not valid'} (run vla-lab validate for details)`,
    );
  }
  return spec;
}

export const command: Command = {
  name: 'compile',
  summary: 'Compile a *.vla.json spec to a backend config (RoboVLMs JSON)',
  usage: [
    'usage: vla-lab compile <spec.vla.json> --target robovlms [-o FILE]',
    '',
    "Prints (or writes) the RoboVLMs config the spec stands for: the backbone's RoboVLMs recipe, the",
    "spec's fields, then robovlms.overrides; an imported config comes back as its file was written",
    '(number literals, whitespace, final newline), so the diff against it is empty.',
    '  --target robovlms   the backend to compile for (the only one: builtin runs specs directly)',
    '  -o, --output FILE   write the config there instead of printing it',
  ].join('\n'),
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('compile', ctx.args, {
      target: { type: 'string' },
      output: { type: 'string', short: 'o' },
    });
    if (positionals.length !== 1) throw new UserError("compile: give exactly one spec file (see 'vla-lab compile --help')");
    if (values.target !== 'robovlms') {
      throw new UserError(
        `compile: --target must be robovlms${values.target ? `, not "${values.target}"` : ' (the builtin backend needs no compiling)'}`,
      );
    }
    const path = resolve(ctx.cwd, positionals[0]);
    const text = compileSpecText(readSpec(path));
    if (!values.output || values.output === '-') {
      ctx.out(text.trimEnd());
      return 0;
    }
    writeOutputFile(ctx, 'compile', resolve(ctx.cwd, values.output), text);
    return 0;
  },
};
