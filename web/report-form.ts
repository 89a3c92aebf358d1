// The generate form of the Reports page. A definition's simple parameters (text, numbers, a
// choice, a list of text) become fields, read from its JSON Schema; nested ones (a rate card)
// go in one JSON field. The form is turned back into the API's request body and validated by
// the API's schema and then the definition's: the UI adds no rule of its own.
import { z } from 'zod';
import { ReportRequestBody } from '../api/reports.route.ts';
import type { ReportDefinition } from '../reports/types.ts';
import { utcFromInput } from './ui-query.ts';

type Form = Record<string, unknown>;
type JsonSchema = { type?: string; enum?: unknown[]; items?: JsonSchema; description?: string; default?: unknown; properties?: Record<string, JsonSchema>; required?: string[] };
type FieldKind = 'text' | 'number' | 'list' | 'choice';

export interface ParamField {
  name: string;
  kind: FieldKind;
  description: string;
  /** The default, as the field would be written. */
  placeholder: string;
  value: string;
  required: boolean;
  choices?: { value: string; selected: boolean }[];
}

const PERIOD_KEYS = new Set(['from', 'until']);
const FIELD_PREFIX = 'p.';

const text = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');

function kindOf(schema: JsonSchema): FieldKind | undefined {
  if (schema.enum?.every((v) => typeof v === 'string')) return 'choice';
  if (schema.type === 'string') return 'text';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'array' && schema.items?.type === 'string' && !schema.items.enum) return 'list';
  return undefined;
}

const written = (value: unknown) => (Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value));

function inputSchema(definition: ReportDefinition): JsonSchema {
  return z.toJSONSchema(definition.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** The fields of a definition's parameters, filled from a submitted form; nested ones by name. */
export function paramFields(definition: ReportDefinition, form: Form): { fields: ParamField[]; nested: { name: string; required: boolean }[] } {
  const schema = inputSchema(definition);
  const required = new Set(schema.required ?? []);
  const fields: ParamField[] = [];
  const nested = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (PERIOD_KEYS.has(name)) continue;
    const kind = kindOf(property);
    if (!kind) {
      nested.push({ name, required: required.has(name) });
      continue;
    }
    const value = text(form, FIELD_PREFIX + name);
    fields.push({
      name: FIELD_PREFIX + name, kind, description: property.description ?? name, placeholder: written(property.default), value, required: required.has(name),
      ...(kind === 'choice' ? { choices: property.enum!.map((choice) => ({ value: String(choice), selected: choice === value })) } : {}),
    });
  }
  return { fields, nested };
}

function fieldValue(kind: FieldKind, value: string): unknown {
  if (kind === 'list') return value.split(/[,\n]/).map((v) => v.trim()).filter(Boolean);
  // A value that is no number is passed on as written, so the definition's schema names the problem.
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return value;
}

/** The API's request body for this form, validated by the API's schema. */
export function requestFromForm(definition: ReportDefinition, form: Form): { ok: true; body: z.output<typeof ReportRequestBody> } | { ok: false; message: string } {
  let params: Record<string, unknown> = {};
  const more = text(form, 'more');
  if (more) {
    try {
      params = JSON.parse(more) as Record<string, unknown>;
    } catch (err) {
      return { ok: false, message: `other parameters: not JSON (${(err as Error).message})` };
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) return { ok: false, message: 'other parameters: not a JSON object' };
  }
  for (const field of paramFields(definition, form).fields) if (field.value) params[field.name.slice(FIELD_PREFIX.length)] = fieldValue(field.kind, field.value);
  params.from = utcFromInput(text(form, 'from'));
  params.until = utcFromInput(text(form, 'until'));
  const formats = form.formats === undefined ? [] : [form.formats].flat();
  const parsed = ReportRequestBody.safeParse({ definition: definition.id, params, formats });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'report'}: ${i.message}`).join('; ') };
  return { ok: true, body: parsed.data };
}
