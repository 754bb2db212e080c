/**
 * A small JSON Schema (draft-07 subset) validator for the config schema and rule option schemas,
 * so the CLI and the ESLint plugin validate without a runtime dependency. It returns the FIRST
 * problem as one line naming the key (`catalogue[0].effects[1].family: must be one of …`). The
 * subset: type, enum, const, properties, required, additionalProperties, items (schema or tuple),
 * minItems, minimum, minLength, pattern, oneOf/anyOf, $ref to `#/definitions/…`. A test checks that
 * it agrees with ajv on valid and invalid samples.
 */
type Schema = { readonly [key: string]: unknown };

export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

export function validate(schema: Schema, value: unknown, root: Schema = schema): SchemaProblem | undefined {
  return check(schema, value, '', root);
}

export function describeProblem(problem: SchemaProblem, prefix = ''): string {
  const where = `${prefix}${problem.path}`.replace(/^\./, '');
  return where ? `${where}: ${problem.message}` : problem.message;
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function check(schema: Schema, value: unknown, path: string, root: Schema): SchemaProblem | undefined {
  if (typeof schema['$ref'] === 'string') {
    const name = (schema['$ref'] as string).replace(/^#\/definitions\//, '');
    const target = (root['definitions'] as Record<string, Schema> | undefined)?.[name];
    if (!target) return { path, message: `unknown schema reference ${schema['$ref'] as string}` };
    return check(target, value, path, root);
  }
  const branches = (schema['oneOf'] ?? schema['anyOf']) as Schema[] | undefined;
  if (branches) {
    const candidates = branches.filter((branch) => constsMatch(branch, value, root));
    const discriminator = candidates.length === 0 ? discriminatorOf(branches, root) : undefined;
    if (discriminator) {
      const got = (value as Record<string, unknown>)[discriminator.key];
      return { path: `${path}.${discriminator.key}`, message: `must be one of ${discriminator.values.map(show).join(', ')} (got ${show(got)})` };
    }
    const typed = candidates.filter((branch) => typeMatches(branch, value, root));
    const problems = (typed.length ? typed : candidates.length ? candidates : branches).map((branch) => check(branch, value, path, root));
    const passed = problems.filter((problem) => !problem).length;
    if (passed === 1 || (passed > 1 && schema['anyOf'])) return undefined;
    if (passed > 1) return { path, message: 'matches more than one allowed form' };
    const deepest = problems.reduce((best, problem) => (problem && (!best || depth(problem.path) > depth(best.path)) ? problem : best));
    return deepest;
  }
  if ('const' in schema && value !== schema['const']) return { path, message: `must be ${show(schema['const'])} (got ${show(value)})` };
  if (Array.isArray(schema['enum']) && !(schema['enum'] as unknown[]).includes(value)) {
    return { path, message: `must be one of ${(schema['enum'] as unknown[]).map(show).join(', ')} (got ${show(value)})` };
  }
  const type = schema['type'] as string | undefined;
  const actual = typeOf(value);
  if (type && !(actual === type || (type === 'number' && actual === 'integer'))) {
    return { path, message: `must be ${type === 'array' || type === 'object' || type === 'integer' ? 'an' : 'a'} ${type} (got ${actual === 'null' ? 'null' : `${actual} ${show(value)}`})` };
  }
  if (typeof value === 'string') {
    if (typeof schema['minLength'] === 'number' && value.length < schema['minLength']) return { path, message: 'must not be empty' };
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern']).test(value)) {
      return { path, message: `${show(value)} does not match ${schema['description'] ? `the expected form (${schema['description'] as string})` : schema['pattern']}` };
    }
  }
  if (typeof value === 'number' && typeof schema['minimum'] === 'number' && value < schema['minimum']) {
    return { path, message: `must be at least ${schema['minimum']} (got ${value})` };
  }
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) return { path, message: `must have at least ${schema['minItems']} item(s)` };
    const items = schema['items'];
    for (let i = 0; i < value.length; i++) {
      const itemSchema = Array.isArray(items) ? (items[i] as Schema | undefined) : (items as Schema | undefined);
      if (!itemSchema) continue;
      const problem = check(itemSchema, value[i], `${path}[${i}]`, root);
      if (problem) return problem;
    }
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
    for (const key of (schema['required'] ?? []) as string[]) {
      if (!(key in object)) return { path: `${path}.${key}`, message: 'is required' };
    }
    for (const [key, item] of Object.entries(object)) {
      const propertySchema = properties[key];
      if (propertySchema) {
        const problem = check(propertySchema, item, `${path}.${key}`, root);
        if (problem) return problem;
        continue;
      }
      const additional = schema['additionalProperties'];
      if (additional === false) {
        const known = Object.keys(properties);
        return { path: `${path}.${key}`, message: `unknown key${known.length ? ` (expected one of: ${known.join(', ')})` : ''}` };
      }
      if (additional && typeof additional === 'object') {
        const problem = check(additional as Schema, item, `${path}.${key}`, root);
        if (problem) return problem;
      }
    }
  }
  return undefined;
}

/** A oneOf branch whose `const` properties contradict the value is not a candidate. */
function constsMatch(branch: Schema, value: unknown, root: Schema): boolean {
  if (typeof branch['$ref'] === 'string') {
    const target = (root['definitions'] as Record<string, Schema> | undefined)?.[(branch['$ref'] as string).replace(/^#\/definitions\//, '')];
    return target ? constsMatch(target, value, root) : true;
  }
  if (typeOf(value) !== 'object') return true;
  const properties = (branch['properties'] ?? {}) as Record<string, Schema>;
  return Object.entries(properties).every(([key, property]) => !('const' in property) || !(key in (value as object)) || (value as Record<string, unknown>)[key] === property['const']);
}

/** The branch could take a value of this JSON type (so its error is the relevant one). */
function typeMatches(branch: Schema, value: unknown, root: Schema): boolean {
  if (typeof branch['$ref'] === 'string') {
    const target = (root['definitions'] as Record<string, Schema> | undefined)?.[(branch['$ref'] as string).replace(/^#\/definitions\//, '')];
    return target ? typeMatches(target, value, root) : true;
  }
  const actual = typeOf(value);
  if (typeof branch['type'] === 'string') return branch['type'] === actual || (branch['type'] === 'number' && actual === 'integer');
  if (Array.isArray(branch['enum'])) return (branch['enum'] as unknown[]).some((item) => typeOf(item) === actual);
  return true;
}

/** A property that every branch fixes with `const` (`kind`), and the values it may take. */
function discriminatorOf(branches: readonly Schema[], root: Schema): { key: string; values: unknown[] } | undefined {
  const resolved = branches.map((branch) =>
    typeof branch['$ref'] === 'string' ? ((root['definitions'] as Record<string, Schema> | undefined)?.[(branch['$ref'] as string).replace(/^#\/definitions\//, '')] ?? branch) : branch,
  );
  const first = (resolved[0]?.['properties'] ?? {}) as Record<string, Schema>;
  for (const [key, property] of Object.entries(first)) {
    if (!('const' in property)) continue;
    const values = resolved.map((branch) => ((branch['properties'] ?? {}) as Record<string, Schema>)[key]?.['const']);
    if (values.every((value) => value !== undefined)) return { key, values };
  }
  return undefined;
}

function depth(path: string): number {
  return (path.match(/[.[]/g) ?? []).length;
}
