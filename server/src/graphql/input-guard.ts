// One check of every argument at the API's edge, before any resolver or database work: no NUL
// characters in any string (PostgreSQL cannot store them and would answer with an internal
// error), and every Date within the dates Dayreel accepts. Failures are BAD_USER_INPUT naming
// the argument or input field, the same over HTTP and WebSocket (queries, mutations and
// subscriptions alike).
import { defaultFieldResolver, type GraphQLArgument, type GraphQLFieldResolver, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { badInput } from '../lib/errors.js';
import { invalidDateMessage, isValidDate } from '../lib/dates.js';

// Duck-typed, not graphql's isNonNullType & co.: the schema may come from another copy of
// graphql (ESM and CommonJS builds), whose classes those checks refuse.
type Wrapper = { ofType: GraphQLInputType };
const isNonNull = (t: GraphQLInputType): t is GraphQLInputType & Wrapper => String(t).endsWith('!');
const isList = (t: GraphQLInputType): t is GraphQLInputType & Wrapper => String(t).startsWith('[');
const isInputObject = (t: GraphQLInputType): t is GraphQLInputType & { getFields(): Record<string, { name: string; type: GraphQLInputType }> } =>
  typeof (t as { getFields?: unknown }).getFields === 'function';

/** Throws BAD_USER_INPUT for the first bad value of `type` found in `value`, naming `field`. */
export function checkInput(type: GraphQLInputType, value: unknown, field: string): void {
  if (value == null) return;
  if (isNonNull(type)) return checkInput(type.ofType, value, field);
  if (isList(type)) {
    for (const item of Array.isArray(value) ? value : [value]) checkInput(type.ofType, item, field);
    return;
  }
  if (isInputObject(type)) {
    for (const f of Object.values(type.getFields())) checkInput(f.type, (value as Record<string, unknown>)[f.name], f.name);
    return;
  }
  if (typeof value === 'string' && value.includes('\0')) throw badInput(field, `${field} must not contain NUL (\\u0000) characters`);
  if (String(type) === 'Date' && !(typeof value === 'string' && isValidDate(value))) {
    throw badInput(field, invalidDateMessage(field, value));
  }
}

function checkArgs(defs: readonly GraphQLArgument[], args: Record<string, unknown>): void {
  for (const def of defs) checkInput(def.type, args[def.name], def.name);
}

function guarded<T extends GraphQLFieldResolver<unknown, unknown>>(defs: readonly GraphQLArgument[], resolve: T): T {
  return ((source, args, ctx, info) => {
    checkArgs(defs, args);
    return resolve(source, args, ctx, info);
  }) as T;
}

/** Wraps every root field's resolver (and subscribe) of an executable schema with the check. */
export function guardInputs(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (field.args.length === 0) continue;
      if (field.subscribe) field.subscribe = guarded(field.args, field.subscribe);
      else field.resolve = guarded(field.args, field.resolve ?? defaultFieldResolver);
    }
  }
  return schema;
}
