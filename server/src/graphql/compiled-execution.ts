// Compiled execution for HTTP queries. graphql-jit turns a validated document into a function
// once (kept in a bounded LRU keyed by query hash and operation name); each request then runs that
// function with the request's own context instead of graphql-js walking the document field by
// field. Plugged into Apollo through `responseForOperation`, which runs after parsing, validation
// (the limits of limits.ts) and didResolveOperation (the introspection rule), so every check
// before execution stays Apollo's.
//
// Answers with errors are not served from here: the operation is run again by graphql-js, so every
// error keeps Apollo's own shaping (codes, HTTP status, formatError). Only queries take this path —
// re-running a read is harmless; mutations, subscriptions and introspection go to graphql-js.
// A day's events may be answered from recent answers (day-answers.ts).
import { createRequire } from 'node:module';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext, type GraphQLResponse } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { Lru } from '../lib/lru.js';
import { introspects } from './limits.js';
import { DayAnswers, dayScoped } from './day-answers.js';
import type { GraphQLContext } from './context.js';

// graphql-jit's CommonJS build, so it shares graphql's CommonJS instance with the schema (runtime.ts).
const { compileQuery, isCompiledQuery } = createRequire(import.meta.url)('graphql-jit') as typeof import('graphql-jit');

/** Compiled documents kept; a client sends a handful of distinct operations. */
export const COMPILED_CACHE_SIZE = 500;

/** Whether an operation may run compiled: a query that does not ask for the schema. */
export function compilable(operation: OperationDefinitionNode | undefined, document: DocumentNode): boolean {
  return operation?.operation === 'query' && !introspects(document);
}

interface Compiled {
  query: CompiledQuery;
  /** Whether its answers may be kept (day-answers.ts). */
  dayScoped: boolean;
}

/**
 * A bounded map from (query hash, operation name) to its compiled function (null: did not compile),
 * for one server's schema.
 */
export class CompiledQueries {
  private readonly entries: Lru<string, Compiled | null>;
  /** Documents compiled, and operations answered without graphql-js (compiled or kept), so far (tests read them). */
  compilations = 0;
  answered = 0;

  constructor(max = COMPILED_CACHE_SIZE) {
    this.entries = new Lru(max);
  }

  get size(): number {
    return this.entries.size;
  }

  get(schema: GraphQLSchema, key: string, document: DocumentNode, operation: OperationDefinitionNode): Compiled | null {
    const operationName = operation.name?.value;
    const cacheKey = `${key}\u0000${operationName ?? ''}`;
    const kept = this.entries.get(cacheKey);
    if (kept !== undefined) return kept;
    this.compilations++;
    const made = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
    const compiled = isCompiledQuery(made) ? { query: made, dayScoped: dayScoped(schema, document, operation) } : null;
    this.entries.set(cacheKey, compiled);
    return compiled;
  }
}

const answer = (data: unknown): GraphQLResponse => ({
  http: { status: undefined, headers: new HeaderMap() },
  body: { kind: 'single', singleResult: { data: data as Record<string, unknown> } },
});

/**
 * The Apollo plugin: compiled queries answer without errors, everything else runs as before.
 * With `days`, a signed-in caller's day-scoped answers are kept and served again.
 */
export function compiledExecution(queries: CompiledQueries, days?: DayAnswers): ApolloServerPlugin<GraphQLContext> {
  const respond = async (ctx: GraphQLRequestContext<GraphQLContext>): Promise<GraphQLResponse | null> => {
    const { operation, document, queryHash, contextValue } = ctx;
    if (!document || !queryHash || !operation || !compilable(operation, document)) return null;
    const compiled = queries.get(ctx.schema, queryHash, document, operation);
    if (!compiled) return null;
    const user = contextValue.user;
    const variables = ctx.request.variables ?? {};
    const key =
      days && user && compiled.dayScoped
        ? DayAnswers.key({ userId: user.id, timezone: user.timezone, origin: contextValue.origin, queryHash, operationName: ctx.operationName, variables })
        : undefined;
    const run = () => compiled.query.query(undefined, contextValue, variables);
    const result = key !== undefined ? await days!.through(key, user!.id, run) : await run();
    if (result.errors?.length) return null;
    queries.answered++;
    return answer(result.data);
  };
  return {
    async requestDidStart() {
      return { responseForOperation: respond };
    },
  };
}
