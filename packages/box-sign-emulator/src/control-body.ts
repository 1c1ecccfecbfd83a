import { ControlError } from './errors';
import { isRecord, parseJson, type EmulatorRequest } from './http';

/** A control-API request's JSON object body (`{}` when empty); anything else is a 400. */
export function controlBody(req: EmulatorRequest): Record<string, unknown> {
  const parsed = parseJson(req.body);
  if (!parsed.ok) throw new ControlError(400, { error: 'invalid_json' });
  if (parsed.value === undefined) return {};
  if (!isRecord(parsed.value))
    throw new ControlError(400, { error: 'invalid_body', message: 'expected a JSON object' });
  return parsed.value;
}
