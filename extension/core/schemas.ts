/**
 * The JSON schemas of schemas/*.schema.json, imported so that esbuild bundles them: the CLI and
 * the extension work from dist/ alone, without reading files next to themselves.
 */
import experiment from '../../schemas/experiment.schema.json';
import events from '../../schemas/events.schema.json';
import run from '../../schemas/run.schema.json';
import robovlmsConfig from '../../schemas/robovlms-config.schema.json';
import manifest from '../../schemas/manifest.schema.json';

export type JsonSchema = Record<string, unknown>;

export const SCHEMAS: Readonly<Record<SchemaName, JsonSchema>> = {
  experiment: experiment as JsonSchema,
  events: events as JsonSchema,
  run: run as JsonSchema,
  'robovlms-config': robovlmsConfig as JsonSchema,
  manifest: manifest as JsonSchema,
};

export type SchemaName = 'experiment' | 'events' | 'run' | 'robovlms-config' | 'manifest';

export const SCHEMA_NAMES = Object.keys(SCHEMAS) as SchemaName[];

export function isSchemaName(name: string): name is SchemaName {
  return Object.prototype.hasOwnProperty.call(SCHEMAS, name);
}
