import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UserError } from '../../core/errors';
import { importConfig, readConfigFile } from '../../core/robovlms';
import { nodeFs } from '../../core/robovlms/inherit';
import { parseCommandArgs, writeOutputFile, type Command } from '../command';

export const command: Command = {
  name: 'import',
  summary: 'Turn a RoboVLMs config into a *.vla.json experiment spec (lossless)',
  usage: [
    'usage: vla-lab import <robovlms.json> [-o FILE] [--name NAME] [--force]',
    '',
    'Writes a *.vla.json spec (backend robovlms) whose `vla-lab compile --target robovlms` gives the',
    'config back byte for byte (literals such as 1.0 or 2e-5, whitespace and the final newline are',
    'recorded in robovlms.overrides.__layout__.format). Keys the spec has no field for go to robovlms.overrides.',
    '  -o, --output FILE   where to write (default: <config name>.vla.json in the current directory;',
    '                      "-" prints to stdout)',
    '  --name NAME         experiment name (default: from the file name)',
    '  --force             overwrite an existing output file',
  ].join('\n'),
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('import', ctx.args, {
      output: { type: 'string', short: 'o' },
      name: { type: 'string' },
      force: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UserError("import: give exactly one RoboVLMs config file (see 'vla-lab import --help')");
    const input = resolve(ctx.cwd, positionals[0]);
    let source = '';
    const config = readConfigFile(input, { readFile: (p) => (source = nodeFs.readFile(p)) });
    const spec = importConfig(config, { name: values.name, fileName: basename(input), text: source });
    const text = JSON.stringify(spec, null, 2) + '\n';
    const target = values.output ?? `${String(spec.name)}.vla.json`;
    if (target === '-') {
      ctx.out(text.trimEnd());
      return 0;
    }
    const out = resolve(ctx.cwd, target);
    if (existsSync(out) && !values.force)
      throw new UserError(`import: ${out} exists; pass --force to overwrite it or -o to choose another file`);
    writeOutputFile(ctx, 'import', out, text);
    return 0;
  },
};
