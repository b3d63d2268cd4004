import { composeServices } from '@apollo/composition';
import { Kind, parse, visit, type DirectiveNode, type DocumentNode, type FieldDefinitionNode, type OperationDefinitionNode, type SelectionNode, type TypeNode } from 'graphql';
import { loadSubgraphSdl, subgraphSchemaDir } from '../platform/subgraph-sdl.js';
import { DEFAULT_PORTS, SUBGRAPH_NAMES } from '../platform/services.js';

export interface CompositionResult {
  supergraphSdl?: string;
  errors: string[];
}

/** Coordinates (`Type.field`) of every `@personal` use in a document. */
export function personalCoordinates(document: DocumentNode): Set<string> {
  const found = new Set<string>();
  let typeName = '';
  visit(document, {
    ObjectTypeDefinition: { enter: (node) => void (typeName = node.name.value) },
    ObjectTypeExtension: { enter: (node) => void (typeName = node.name.value) },
    FieldDefinition(node: FieldDefinitionNode) {
      if (node.directives?.some((d) => d.name.value === 'personal')) found.add(`${typeName}.${node.name.value}`);
    },
  });
  return found;
}

type FieldTypes = Map<string, Map<string, string>>;

/** Type name → field name → named type, from one subgraph's SDL. */
function fieldTypes(document: DocumentNode): FieldTypes {
  const types: FieldTypes = new Map();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const fields = types.get(definition.name.value) ?? new Map<string, string>();
    for (const field of definition.fields ?? []) {
      let type: TypeNode = field.type;
      while (type.kind !== Kind.NAMED_TYPE) type = type.type;
      fields.set(field.name.value, type.name.value);
    }
    types.set(definition.name.value, fields);
  }
  return types;
}

/** Every `Type.field` a field set selects, resolved against the subgraph's types. */
function fieldSetCoordinates(fieldSet: string, typeName: string, types: FieldTypes): string[] {
  const out: string[] = [];
  const walk = (selections: readonly SelectionNode[], type: string) => {
    for (const selection of selections) {
      if (selection.kind !== Kind.FIELD) continue;
      out.push(`${type}.${selection.name.value}`);
      const next = types.get(type)?.get(selection.name.value);
      if (selection.selectionSet && next) walk(selection.selectionSet.selections, next);
    }
  };
  const operation = parse(`{ ${fieldSet} }`).definitions[0] as OperationDefinitionNode;
  walk(operation.selectionSet.selections, typeName);
  return out;
}

/** `@key`, `@requires` and `@provides` uses that select a personal field. */
function personalFieldSetUses(document: DocumentNode, personal: Set<string>): string[] {
  const types = fieldTypes(document);
  const problems: string[] = [];
  const check = (directive: DirectiveNode, typeName: string, where: string) => {
    const arg = directive.arguments?.find((a) => a.name.value === 'fields');
    if (arg?.value.kind !== Kind.STRING) return;
    for (const coordinate of fieldSetCoordinates(arg.value.value, typeName, types)) {
      if (personal.has(coordinate)) problems.push(`@${directive.name.value} on ${where} selects ${coordinate}, which is @personal`);
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const typeName = definition.name.value;
    for (const d of definition.directives ?? []) if (d.name.value === 'key') check(d, typeName, typeName);
    for (const field of definition.fields ?? []) {
      let fieldType: TypeNode = field.type;
      while (fieldType.kind !== Kind.NAMED_TYPE) fieldType = fieldType.type;
      for (const d of field.directives ?? []) {
        if (d.name.value === 'requires') check(d, typeName, `${typeName}.${field.name.value}`);
        if (d.name.value === 'provides') check(d, fieldType.name.value, `${typeName}.${field.name.value}`);
      }
    }
  }
  return problems;
}

/**
 * Composes the supergraph from every subgraph's SDL, then checks what composition does not:
 * that no `@personal` use was silently dropped (a subgraph without `@composeDirective` loses them), and that no
 * personal field is part of a `@key`, `@requires` or `@provides` field set (it would travel past the decision).
 */
export function composeSupergraph(): CompositionResult {
  const subgraphs = SUBGRAPH_NAMES.map((name) => ({
    name,
    url: `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`,
    typeDefs: parse(loadSubgraphSdl(subgraphSchemaDir(name))),
  }));
  const errors: string[] = [];
  const personalFieldNames = new Set<string>();
  for (const subgraph of subgraphs) {
    for (const coordinate of personalCoordinates(subgraph.typeDefs)) personalFieldNames.add(coordinate);
  }
  for (const subgraph of subgraphs) {
    for (const problem of personalFieldSetUses(subgraph.typeDefs, personalFieldNames)) errors.push(`${subgraph.name}: ${problem}`);
  }
  let result;
  try {
    result = composeServices(subgraphs);
  } catch (error) {
    return { errors: [...errors, `composition threw: ${(error as Error).message}`] };
  }
  if (result.errors) return { errors: [...errors, ...result.errors.map((e) => e.message)] };
  const supergraph = parse(result.supergraphSdl);
  const kept = personalCoordinates(supergraph);
  for (const subgraph of subgraphs) {
    for (const coordinate of personalCoordinates(subgraph.typeDefs)) {
      if (!kept.has(coordinate)) errors.push(`${subgraph.name}: @personal on ${coordinate} is missing from the supergraph (is @composeDirective declared?)`);
    }
  }
  return { supergraphSdl: result.supergraphSdl, errors };
}
