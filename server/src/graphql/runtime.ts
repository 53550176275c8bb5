// The one graphql-js instance at run time. The schema (@graphql-tools), Apollo and graphql-ws
// load graphql's CommonJS main (Node resolves its "main"), while Vite-based tools (vitest) would
// give our own modules its index.mjs — a second instance whose validate() refuses the schema as
// "from another module or realm". Functions that take the schema come from here.
import { createRequire } from 'node:module';

export const graphqlRuntime = createRequire(import.meta.url)('graphql') as typeof import('graphql');
