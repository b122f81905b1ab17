/**
 * Which fields of a record become Heap properties, under which names (docs/heap.md, "Include, exclude, rename").
 *
 * Rules work on property names, the dot paths a flattened record is made of: a field in
 * `include_fields`, `exclude_fields` or a rename's `from` covers the property of that name and,
 * when it names a nested object, every property under it (`user` covers `user.plan`).
 * - include: when set, only covered properties are sent; default: all.
 * - exclude: covered properties are never sent, whatever else says so.
 * - rename: the most specific `from` that covers a property replaces that part of its name
 *   (`user` → `customer` sends `user.plan` as `customer.plan`).
 * - fields used as identity, account id, event name or timestamp are sent only when an include
 *   field covers them; renaming alone does not send them.
 * - user properties named `id` in any casing (after renaming) are left out and counted.
 * - a renamed property wins over a property that has the new name by nature; otherwise the first
 *   in the record's field order wins.
 */
import { flattenRecord } from './fields.js';
import type { HeapProperties, HeapPropertyValue, ValueAdjustments } from './types.js';
import { isAbsent, isKeyTooLong, isNestedObject, toHeapValue } from './values.js';

export interface PropertyRules {
  include_fields?: readonly string[] | undefined;
  exclude_fields?: readonly string[] | undefined;
  rename_fields?: readonly { from: string; to: string }[] | undefined;
  /** Fields the mapping uses as identity, account id, event name or timestamp. */
  reserved: readonly string[];
  /** Leave out properties named `id` in any casing (user properties). */
  dropIdKeys: boolean;
}

/** Builds the properties of one record, counting what it had to change in `adjustments`. */
export type PropertiesBuilder = (data: Record<string, unknown>, adjustments: ValueAdjustments) => HeapProperties;

interface FieldRule {
  include: boolean;
  exclude: boolean;
  reserved: boolean;
  renameTo: string | undefined;
}

/** Decisions per property name are remembered up to this many names (keys may be dynamic). */
const MAX_REMEMBERED_NAMES = 4096;

export function compileProperties(rules: PropertyRules): PropertiesBuilder {
  const hasInclude = rules.include_fields !== undefined;
  const table = ruleTable(rules);
  const includeAncestors = new Set((rules.include_fields ?? []).flatMap(ancestorsOf));
  const remembered = new Map<string, string | null>();

  /** The name a property is sent under, or null when it is not sent. */
  const targetOf = (name: string): string | null => {
    const known = remembered.get(name);
    if (known !== undefined) return known;
    const target = decide(name, table, hasInclude);
    if (remembered.size < MAX_REMEMBERED_NAMES) remembered.set(name, target);
    return target;
  };

  // Skipping a nested object is only an optimisation: the names under it would all be dropped.
  const descend =
    hasInclude || rules.exclude_fields !== undefined
      ? (name: string) => {
          const coverage = coverageOf(name, table);
          if (coverage.excluded) return false;
          return !hasInclude || coverage.included || includeAncestors.has(name);
        }
      : undefined;

  const dropIdKeys = rules.dropIdKeys;
  /** Whether a target name is left out (and counted) whatever its value. */
  const refused = (target: string, adjustments: ValueAdjustments): boolean => {
    if (dropIdKeys && isIdKey(target)) {
      adjustments.droppedIdKeys++;
      return true;
    }
    if (isKeyTooLong(target)) {
      adjustments.droppedLongKeys++;
      return true;
    }
    return false;
  };

  /** Slow path for records where two properties end up with the same name. */
  const buildContested = (data: Record<string, unknown>, adjustments: ValueAdjustments): HeapProperties => {
    const candidates: { target: string; renamed: boolean; value: unknown }[] = [];
    const winners = new Map<string, (typeof candidates)[number]>();
    for (const leaf of flattenRecord(data, descend)) {
      const target = targetOf(leaf.name);
      if (target === null || refused(target, adjustments)) continue;
      const candidate = { target, renamed: target !== leaf.name, value: leaf.value };
      const holder = winners.get(target);
      if (holder === undefined || (candidate.renamed && !holder.renamed)) winners.set(target, candidate);
      candidates.push(candidate);
    }
    const properties: HeapProperties = {};
    for (const candidate of candidates) {
      if (winners.get(candidate.target) !== candidate) continue;
      const value = toHeapValue(candidate.value, adjustments);
      if (value !== undefined) setProperty(properties, candidate.target, value);
    }
    return properties;
  };

  /** A trie over the record's key paths: each node remembers its name, target and whether to descend. */
  interface Node {
    name: string;
    target: string | null | undefined;
    descend: boolean | undefined;
    children: Map<string, Node> | undefined;
  }
  const root: Node = { name: '', target: null, descend: true, children: undefined };
  let nodes = 0;
  const childOf = (parent: Node, key: string, isRoot: boolean): Node => {
    let children = parent.children;
    if (children === undefined) parent.children = children = new Map();
    let child = children.get(key);
    if (child === undefined) {
      child = { name: isRoot ? key : `${parent.name}.${key}`, target: undefined, descend: undefined, children: undefined };
      if (nodes < MAX_REMEMBERED_NAMES) {
        nodes++;
        children.set(key, child);
      }
    }
    return child;
  };

  return (data, adjustments) => {
    const { truncatedValues, droppedLongKeys, droppedIdKeys, overflowingNumbers } = adjustments;
    const properties: HeapProperties = {};
    let contested = false;
    const walkNode = (object: Record<string, unknown>, node: Node, isRoot: boolean): void => {
      // for-in: the own keys of a parsed JSON object in Object.keys order, without an array per object.
      for (const key in object) {
        if (contested) return;
        const value = object[key];
        if (isAbsent(value)) continue;
        const child = childOf(node, key, isRoot);
        if (isNestedObject(value)) {
          if (child.descend === undefined) child.descend = descend === undefined || descend(child.name);
          if (child.descend) walkNode(value, child, false);
          continue;
        }
        if (child.target === undefined) child.target = targetOf(child.name);
        const target = child.target;
        if (target === null || refused(target, adjustments)) continue;
        if (Object.hasOwn(properties, target)) {
          contested = true;
          return;
        }
        const heapValue = toHeapValue(value, adjustments);
        if (heapValue !== undefined) setProperty(properties, target, heapValue);
      }
    };
    walkNode(data, root, true);
    if (!contested) return properties;
    // Start over, so that what the abandoned pass counted is not counted twice.
    adjustments.truncatedValues = truncatedValues;
    adjustments.droppedLongKeys = droppedLongKeys;
    adjustments.droppedIdKeys = droppedIdKeys;
    adjustments.overflowingNumbers = overflowingNumbers;
    return buildContested(data, adjustments);
  };
}

/** Heap refuses user property keys equal to `id` in any casing. */
export function isIdKey(name: string): boolean {
  return name.length === 2 && name.toLowerCase() === 'id';
}

function ruleTable(rules: PropertyRules): Map<string, FieldRule> {
  const table = new Map<string, FieldRule>();
  const ruleFor = (field: string): FieldRule => {
    let rule = table.get(field);
    if (rule === undefined) {
      rule = { include: false, exclude: false, reserved: false, renameTo: undefined };
      table.set(field, rule);
    }
    return rule;
  };
  for (const field of rules.include_fields ?? []) ruleFor(field).include = true;
  for (const field of rules.exclude_fields ?? []) ruleFor(field).exclude = true;
  for (const field of rules.reserved) ruleFor(field).reserved = true;
  for (const { from, to } of rules.rename_fields ?? []) {
    const rule = ruleFor(from);
    rule.renameTo ??= to; // the first rename of a field counts
  }
  return table;
}

function decide(name: string, table: ReadonlyMap<string, FieldRule>, hasInclude: boolean): string | null {
  let included = !hasInclude;
  let reserved = false;
  let renamed: string | undefined;
  // The name itself, then each shorter prefix ending before a dot: the fields that cover it.
  for (let prefix = name; ; ) {
    const rule = table.get(prefix);
    if (rule !== undefined) {
      if (rule.exclude) return null;
      if (rule.include) included = true;
      if (rule.reserved && prefix.length === name.length) reserved = true;
      if (renamed === undefined && rule.renameTo !== undefined) renamed = rule.renameTo + name.slice(prefix.length);
    }
    const dot = prefix.lastIndexOf('.');
    if (dot < 0) break;
    prefix = prefix.slice(0, dot);
  }
  if (!included || (reserved && !hasInclude)) return null;
  return renamed ?? name;
}

function coverageOf(name: string, table: ReadonlyMap<string, FieldRule>): { included: boolean; excluded: boolean } {
  let included = false;
  for (let prefix = name; ; ) {
    const rule = table.get(prefix);
    if (rule?.exclude) return { included, excluded: true };
    if (rule?.include) included = true;
    const dot = prefix.lastIndexOf('.');
    if (dot < 0) return { included, excluded: false };
    prefix = prefix.slice(0, dot);
  }
}

/** `a.b.c` → `a`, `a.b`: the nested objects a leaf field lies in. */
function ancestorsOf(field: string): string[] {
  const ancestors: string[] = [];
  for (let dot = field.indexOf('.'); dot >= 0; dot = field.indexOf('.', dot + 1)) ancestors.push(field.slice(0, dot));
  return ancestors;
}

function setProperty(properties: HeapProperties, name: string, value: HeapPropertyValue): void {
  // Assigning to "__proto__" would replace the object's prototype instead of adding a property.
  if (name === '__proto__') {
    Object.defineProperty(properties, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    properties[name] = value;
  }
}
