/** `vla-lab schema <name>`: prints one of the bundled JSON schemas. */
import { UserError } from '../../core/errors';
import { isSchemaName, SCHEMA_NAMES, SCHEMAS } from '../../core/schemas';
import { parseCommandArgs, type Command } from '../command';

export const command: Command = {
  name: 'schema',
  summary: 'print a JSON schema (experiment, events, run, robovlms-config)',
  usage: `usage: vla-lab schema <name>

Prints a JSON schema bundled with VLA Lab: ${SCHEMA_NAMES.join(', ')}.
e.g. vla-lab schema experiment > experiment.schema.json`,
  async run(ctx) {
    const { positionals } = parseCommandArgs('schema', ctx.args, {});
    const name = positionals[0];
    if (positionals.length !== 1 || !isSchemaName(name)) {
      throw new UserError(
        `schema: ${name === undefined ? 'give a schema name' : positionals.length > 1 ? 'give exactly one schema name' : `unknown schema '${name}'`}; valid names: ${SCHEMA_NAMES.join(', ')}`,
      );
    }
    ctx.out(JSON.stringify(SCHEMAS[name], null, 2));
    return 0;
  },
};
