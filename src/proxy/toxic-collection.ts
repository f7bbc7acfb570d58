import { Errors } from "./api-error.ts";
import { decodeStruct, type FieldKind, type StructShape } from "./api/decode.ts";
import type { JsonValue } from "./api/go-json.ts";
import type { Link } from "./link.ts";
import type { Direction, ToxicSpec } from "./toxic-spec.ts";
import { findToxicKind } from "./toxics/registry.ts";
import type { ToxicAttributes, ToxicKind } from "./toxics/toxic.ts";

/** Until the type is known, Go decodes `attributes` into a NoopToxic: only its kind is checked. */
const WRAPPER: StructShape = {
  goName: "toxics.ToxicWrapper",
  fields: { attributes: { goName: "toxics.NoopToxic", fields: {} }, name: "string", type: "string", stream: "string", toxicity: "float32" },
};

/** Go struct names of the built-in toxics where they differ from `<Type>Toxic`, and fields declared `int`, not `int64`. */
const GO_STRUCT_NAMES: Readonly<Record<string, string>> = { reset_peer: "ResetToxic" };
const GO_INT_FIELDS: Readonly<Record<string, readonly string[]>> = { slicer: ["average_size", "size_variation", "delay"] };

function attributeShape(kind: ToxicKind): StructShape {
  const name = GO_STRUCT_NAMES[kind.type] ?? `${kind.type.replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase())}Toxic`;
  const fieldKind = (field: string): FieldKind => (GO_INT_FIELDS[kind.type]?.includes(field) ? "int" : "int64");
  return { goName: `toxics.${name}`, fields: Object.fromEntries(Object.keys(kind.attributes).map((field) => [field, fieldKind(field)])) };
}

/** The anonymous structs Go decodes attributes (and, on update, toxicity) into; their names show in errors. */
const ATTRIBUTES_GO = 'Attributes interface {} "json:\\"attributes\\""';
const TOXICITY_GO = 'Toxicity float32 "json:\\"toxicity\\""';

function decodeAttributes(kind: ToxicKind, body: JsonValue, base: ToxicAttributes): ToxicAttributes {
  const shape: StructShape = { goName: `struct { ${ATTRIBUTES_GO} }`, fields: { attributes: attributeShape(kind) } };
  return decodeStruct(body, shape, { attributes: { ...base } }).attributes;
}

function decodeUpdate(kind: ToxicKind, body: JsonValue, current: ToxicSpec): { attributes: ToxicAttributes; toxicity: number } {
  const shape: StructShape = {
    goName: `struct { ${ATTRIBUTES_GO}; ${TOXICITY_GO} }`,
    fields: { attributes: attributeShape(kind), toxicity: "float32" },
  };
  return decodeStruct(body, shape, { attributes: { ...current.attributes }, toxicity: current.toxicity });
}

function parseDirection(stream: string): Direction | undefined {
  const lower = stream.toLowerCase();
  return lower === "upstream" || lower === "downstream" ? lower : undefined;
}

/**
 * The toxics of one proxy, upstream first then downstream, each in the order
 * added. Every change applies at once to the open connections' links.
 * Validation follows Toxiproxy's order (AddToxicJson), so the same bad body
 * gets the same error.
 */
export class ToxicCollection {
  private readonly chains: Record<Direction, ToxicSpec[]> = { upstream: [], downstream: [] };

  constructor(private readonly links: (direction: Direction) => Iterable<Link>) {}

  list(): ToxicSpec[] {
    return [...this.chains.upstream, ...this.chains.downstream];
  }

  get(name: string): ToxicSpec {
    const spec = this.list().find((toxic) => toxic.name === name);
    if (spec === undefined) throw Errors.toxicNotFound;
    return spec;
  }

  add(body: JsonValue): ToxicSpec {
    const wrapper = decodeStruct(body, WRAPPER, { attributes: {}, name: "", type: "", stream: "downstream", toxicity: 1 });
    const direction = parseDirection(wrapper.stream);
    if (direction === undefined) throw Errors.invalidStream;
    const name = wrapper.name === "" ? `${wrapper.type}_${wrapper.stream}` : wrapper.name;
    const kind = findToxicKind(wrapper.type);
    if (kind === undefined) throw Errors.invalidToxicType;
    if (this.list().some((toxic) => toxic.name === name)) throw Errors.toxicAlreadyExists;
    const attributes = decodeAttributes(kind, body, kind.attributes);
    const spec: ToxicSpec = { name, type: kind.type, stream: wrapper.stream, direction, toxicity: wrapper.toxicity, attributes, kind };
    this.chains[direction].push(spec);
    for (const link of this.links(direction)) link.addToxic(spec);
    return spec;
  }

  /** Only `attributes` (merged) and `toxicity` are read. */
  update(name: string, body: JsonValue): ToxicSpec {
    const current = this.get(name);
    const spec: ToxicSpec = { ...current, ...decodeUpdate(current.kind, body, current) };
    const chain = this.chains[spec.direction];
    chain[chain.indexOf(current)] = spec;
    for (const link of this.links(spec.direction)) link.updateToxic(spec);
    return spec;
  }

  remove(name: string): void {
    const spec = this.get(name);
    const chain = this.chains[spec.direction];
    chain.splice(chain.indexOf(spec), 1);
    for (const link of this.links(spec.direction)) link.removeToxic(name);
  }

  reset(): void {
    for (const spec of this.list()) this.remove(spec.name);
  }
}
