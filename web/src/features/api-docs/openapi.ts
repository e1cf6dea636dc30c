/** The parts of an OpenAPI 3 document the docs page reads, and the small pure helpers it needs. */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
};
type Content = { content?: Record<string, { schema?: JsonSchema }> };
export type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema };
export type Operation = {
  summary?: string; description?: string; tags?: string[]; parameters?: Parameter[];
  requestBody?: Content & { required?: boolean };
  responses?: Record<string, Content & { description?: string }>;
};
export type OpenApiDoc = {
  info?: { title?: string; version?: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type Method = (typeof METHODS)[number];
export type Endpoint = { id: string; method: Method; path: string; tag: string; op: Operation };

/** Every operation, grouped by its first tag (tags in alphabetical order, operations by path then method). */
export function groupByTag(doc: OpenApiDoc, untagged: string): { tag: string; endpoints: Endpoint[] }[] {
  const groups = new Map<string, Endpoint[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? untagged;
      const list = groups.get(tag) ?? [];
      list.push({ id: `${method} ${path}`, method, path, tag, op });
      groups.set(tag, list);
    }
  }
  const order = (m: Method) => METHODS.indexOf(m);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, endpoints]) => ({ tag, endpoints: endpoints.sort((x, y) => x.path.localeCompare(y.path) || order(x.method) - order(y.method)) }));
}

/** Whether an endpoint matches every word of a search (method, path, tag, summary, parameter names). */
export function matches(e: Endpoint, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [e.method, e.path, e.tag, e.op.summary ?? '', e.op.description ?? '', ...(e.op.parameters ?? []).map((p) => p.name)].join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Follows a local $ref ("#/components/schemas/X"); unknown references come back as they are. */
export function resolve(doc: OpenApiDoc, schema: JsonSchema): JsonSchema {
  if (!schema.$ref?.startsWith('#/')) return schema;
  let node: unknown = doc;
  for (const part of schema.$ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return (node as JsonSchema | undefined) ?? schema;
}

/** The JSON body schema of a request or response (application/json first). */
export function jsonSchemaOf(c: Content | undefined): JsonSchema | undefined {
  if (!c?.content) return undefined;
  return (c.content['application/json'] ?? Object.values(c.content)[0])?.schema;
}

const SAFE_INT = 9007199254740991;

/** A one-line type label: "string (uuid)", "integer ≥ 1", "array", "null | string". */
export function typeLabel(s: JsonSchema): string {
  if (isPrimitiveArray(s) && s.items) {
    const inner = typeLabel(s.items);
    return s.maxItems !== undefined ? `${inner}[] (items ≤ ${s.maxItems})` : `${inner}[]`;
  }
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  let label = types.filter((t) => t !== 'null').join(' | ') || (s.enum ? 'enum' : s.anyOf || s.oneOf ? 'one of' : s.allOf ? 'all of' : 'any');
  if (s.format) label += ` (${s.format})`;
  const bounds: string[] = [];
  if (s.minimum !== undefined && s.minimum > -SAFE_INT) bounds.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined && s.maximum < SAFE_INT) bounds.push(`≤ ${s.maximum}`);
  if (s.minLength !== undefined && s.minLength > 0) bounds.push(`length ≥ ${s.minLength}`);
  if (s.maxLength !== undefined) bounds.push(`length ≤ ${s.maxLength}`);
  if (s.maxItems !== undefined) bounds.push(`items ≤ ${s.maxItems}`);
  return bounds.length ? `${label} ${bounds.join(', ')}` : label;
}

/** Whether null is allowed (OpenAPI 3.0 nullable, a type list with "null", or an anyOf branch of null). */
export const isNullable = (s: JsonSchema) =>
  Boolean(s.nullable || (Array.isArray(s.type) && s.type.includes('null')) || s.anyOf?.some((x) => x.type === 'null'));

/** An array of plain values (strings, numbers, enums): shown on one line as "string[]", not as a nested row. */
export const isPrimitiveArray = (s: JsonSchema) =>
  s.type === 'array' && Boolean(s.items) && !s.items!.$ref && !s.items!.properties && !s.items!.items && !s.items!.anyOf && !s.items!.oneOf && !s.items!.allOf
  && !(s.items!.additionalProperties && typeof s.items!.additionalProperties === 'object');
