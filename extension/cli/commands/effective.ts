import { resolve } from 'node:path';
import { UserError } from '../../core/errors';
import { formatJson, loadEffectiveConfig } from '../../core/robovlms';
import { parseCommandArgs, type Command } from '../command';

export const command: Command = {
  name: 'effective',
  summary: 'Print a RoboVLMs config with its "parent" chain merged, as RoboVLMs builds it',
  usage: [
    'usage: vla-lab effective <robovlms.json> [--cwd DIR] [--mode train|eval] [--relative-to cwd|file]',
    '',
    'Prints the effective config: "parent" files resolved and merged the way RoboVLMs does.',
    '  --cwd DIR           the directory RoboVLMs runs in (its checkout); "parent" paths are opened',
    '                      relative to it, as RoboVLMs does (default: the current directory)',
    "  --mode train|eval   train: main.py's merge (default); eval: config_utils.py's merge, which",
    '                      honours "__override__": true',
    '  --relative-to file  open "parent" relative to the file naming it instead (not RoboVLMs\' behaviour)',
  ].join('\n'),
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('effective', ctx.args, {
      cwd: { type: 'string' },
      mode: { type: 'string' },
      'relative-to': { type: 'string' },
    });
    if (positionals.length !== 1) throw new UserError("effective: give exactly one RoboVLMs config file (see 'vla-lab effective --help')");
    const mode = values.mode ?? 'train';
    if (mode !== 'train' && mode !== 'eval') throw new UserError(`effective: --mode must be train or eval, not "${mode}"`);
    const relativeTo = values['relative-to'] ?? 'cwd';
    if (relativeTo !== 'cwd' && relativeTo !== 'file')
      throw new UserError(`effective: --relative-to must be cwd or file, not "${relativeTo}"`);
    const cwd = resolve(ctx.cwd, values.cwd ?? '.');
    const { config } = loadEffectiveConfig(resolve(ctx.cwd, positionals[0]), { cwd, mode, relativeTo });
    ctx.out(formatJson(config));
    return 0;
  },
};
