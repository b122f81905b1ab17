/**
 * The fields a stream's catalog `json_schema` declares, read the way a mapping names fields: by
 * key, or by a dot path into nested objects, an exact key winning over a path (src/mapping/fields.ts).
 *
 * A schema says something only where it declares `properties`: a schema without them, or with an
 * empty `properties` object (the usual shape of a schemaless stream), lets any field through, and
 * so does a nested object that does not declare its own.
 */

/** Paths listed for suggestions stop at this depth and this count: schemas can be huge. */
const MAX_LISTED_DEPTH = 6;
const MAX_LISTED_PATHS = 5000;

/** The declared `properties` of a schema, or undefined when it declares none. */
function declaredProperties(schema: unknown): Record<string, unknown> | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
  const properties = (schema as { properties?: unknown }).properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return undefined;
  return Object.keys(properties).length === 0 ? undefined : (properties as Record<string, unknown>);
}

/** True when the schema declares properties at its top level, so there is something to check against. */
export function declaresFields(schema: unknown): boolean {
  return declaredProperties(schema) !== undefined;
}

/**
 * True unless the schema shows that `field` cannot be there: at some level where objects declare
 * their properties, no split of the rest of the dot path starts with a declared key.
 */
export function isDeclared(schema: unknown, field: string): boolean {
  return declares(schema, field.split('.'), 0);
}

function declares(schema: unknown, segments: readonly string[], start: number): boolean {
  const properties = declaredProperties(schema);
  if (properties === undefined) return true;
  // Longest first key first: `"user.email"` as one key before `user` → `email`.
  for (let end = segments.length; end > start; end--) {
    const key = segments.slice(start, end).join('.');
    if (!Object.hasOwn(properties, key)) continue;
    if (end === segments.length || declares(properties[key], segments, end)) return true;
  }
  return false;
}

/** Every declared field as a mapping would name it (`user.email`), parents before their children. */
export function declaredPaths(schema: unknown): string[] {
  const paths: string[] = [];
  const visit = (node: unknown, prefix: string, depth: number) => {
    const properties = declaredProperties(node);
    if (properties === undefined || depth > MAX_LISTED_DEPTH) return;
    for (const key of Object.keys(properties)) {
      if (paths.length >= MAX_LISTED_PATHS) return;
      const path = prefix === '' ? key : `${prefix}.${key}`;
      paths.push(path);
      visit(properties[key], path, depth + 1);
    }
  };
  visit(schema, '', 1);
  return paths;
}
