// What a GraphQL document may cost before anything runs. The parser stops at maxTokens (so a
// huge document costs almost nothing), and a validation rule refuses operations with too many
// fields or top-level fields (alias floods): each is checked before any resolver or database
// work, the same way over HTTP (Apollo) and WebSocket (graphql-ws). Pure functions of the
// document; the transports call them.
import type {
  ASTVisitor,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError as GraphQLErrorType,
  GraphQLSchema,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import type { GraphQLLimits } from '../config.js';
import { graphqlRuntime } from './runtime.js';

const { GraphQLError, Kind, parse, specifiedRules, validate } = graphqlRuntime;
type GraphQLError = GraphQLErrorType;

/** extensions.code of a document refused by these limits. */
export const TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/** graphql-js's message when parse() stops at maxTokens. */
// (graphql 16 spells it "more that N tokens".)
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

export function isTokenLimitError(message: string): boolean {
  return TOKEN_LIMIT_MESSAGE.test(message);
}

export function tokenLimitMessage(maxTokens: number | string): string {
  return `the document is longer than ${maxTokens} tokens; send a shorter one`;
}

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: TOO_COMPLEX } });
}

interface Cost {
  fields: number;
  rootFields: number;
}

/**
 * Fields of a selection set, each fragment counted once per place it is spread (memoised, so
 * reuse can't blow up the counting itself; a fragment cycle counts 0 — NoFragmentCyclesRule reports it).
 */
function costOf(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, memo: Map<string, Cost>, seen: Set<string>): Cost {
  const cost: Cost = { fields: 0, rootFields: 0 };
  const add = (inner: Cost) => {
    cost.fields += inner.fields;
    cost.rootFields += inner.rootFields;
  };
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      cost.fields += 1;
      cost.rootFields += 1;
      if (selection.selectionSet) cost.fields += costOf(selection.selectionSet, fragments, memo, seen).fields;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      add(costOf(selection.selectionSet, fragments, memo, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      let inner = memo.get(name);
      if (!inner) {
        seen.add(name);
        inner = costOf(fragment.selectionSet, fragments, memo, seen);
        seen.delete(name);
        memo.set(name, inner);
      }
      add(inner);
    }
  }
  return cost;
}

/** The validation rule: every operation within maxFields and maxRootFields. */
export function budgetRule(limits: Pick<GraphQLLimits, 'maxFields' | 'maxRootFields'>): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
      const memo = new Map<string, Cost>();
      for (const def of document.definitions) {
        if (def.kind !== Kind.OPERATION_DEFINITION) continue;
        const cost = costOf(def.selectionSet, fragments, memo, new Set());
        const name = def.name ? `operation ${def.name.value}` : 'the operation';
        if (cost.rootFields > limits.maxRootFields) {
          context.reportError(
            new GraphQLError(`${name} asks for ${cost.rootFields} top-level fields; at most ${limits.maxRootFields} are allowed (send several requests)`, {
              nodes: [def],
              extensions: { code: TOO_COMPLEX },
            }),
          );
        } else if (cost.fields > limits.maxFields) {
          context.reportError(
            new GraphQLError(`${name} selects ${cost.fields} fields; at most ${limits.maxFields} are allowed`, {
              nodes: [def],
              extensions: { code: TOO_COMPLEX },
            }),
          );
        }
      }
      return false; // counted above; nothing below needs this rule
    },
  });
}

/** Whether the document asks for the schema (__schema or __type; __typename is fine). */
export function introspects(document: DocumentNode): boolean {
  const walk = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((s) =>
      s.kind === Kind.FIELD ? s.name.value === '__schema' || s.name.value === '__type' : s.kind === Kind.INLINE_FRAGMENT ? walk(s.selectionSet) : false,
    );
  return document.definitions.some((def) => (def.kind === Kind.OPERATION_DEFINITION || def.kind === Kind.FRAGMENT_DEFINITION) && walk(def.selectionSet));
}

/** Refused: the schema is for signed-in callers. */
export function introspectionRefused(): GraphQLError {
  // http: Apollo answers 401 (and drops this extension) instead of its default 500 for a plugin's error.
  return new GraphQLError('sign in first: the schema is shown to signed-in callers only', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/**
 * Parse and validate with the limits, as Apollo does over HTTP: the WebSocket path. Errors are
 * returned (not thrown) so that graphql-ws errors only this operation, not the whole socket.
 */
export function parseWithinLimits(
  schema: GraphQLSchema,
  query: unknown,
  limits: GraphQLLimits,
): { document: DocumentNode; errors?: undefined } | { errors: readonly GraphQLError[]; document?: undefined } {
  if (typeof query !== 'string') return { errors: [new GraphQLError('query must be a string', { extensions: { code: 'BAD_USER_INPUT', field: 'query' } })] };
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch (err) {
    const message = (err as Error).message;
    if (isTokenLimitError(message)) return { errors: [tooComplex(tokenLimitMessage(limits.maxTokens))] };
    return { errors: [err instanceof GraphQLError ? withCode(err, 'GRAPHQL_PARSE_FAILED') : new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })] };
  }
  const errors = validate(schema, document, [...specifiedRules, budgetRule(limits)]);
  if (errors.length) return { errors: errors.map((e) => (e.extensions?.code ? e : withCode(e, 'GRAPHQL_VALIDATION_FAILED'))) };
  return { document };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}
