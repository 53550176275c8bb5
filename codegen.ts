// Everything typed comes from schema.graphql: the server's resolver signatures, the SPA's
// documents, and the typed client other apps import. `npm run codegen`; a test fails when
// the committed output is stale.
import type { CodegenConfig } from '@graphql-codegen/cli';

const scalars = { Date: 'string', DateTime: 'string' };

const config: CodegenConfig = {
  schema: 'schema.graphql',
  emitLegacyCommonJSImports: false,
  ignoreNoDocuments: true,
  generates: {
    'server/src/graphql/generated/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        contextType: '../context.js#GraphQLContext',
        useTypeImports: true,
        scalars: { Date: 'string', DateTime: 'Date | string' },
        enumsAsTypes: true,
        // Resolvers return domain rows; field resolvers map them (see graphql/resolvers).
        defaultMapper: 'Partial<{T}>',
        mappers: {},
      },
    },
    'web/src/gql/': {
      preset: 'client',
      documents: ['web/src/**/*.tsx', 'web/src/**/*.ts', '!web/src/gql/**'],
      config: { scalars, enumsAsTypes: true, useTypeImports: true },
      presetConfig: { fragmentMasking: false },
    },
    'client/generated/': {
      preset: 'client',
      documents: ['client/operations.graphql'],
      config: { scalars, enumsAsTypes: true, useTypeImports: true },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
