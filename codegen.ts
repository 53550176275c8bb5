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
        // Enums as const objects: the server's lists of allowed values (vlogs/settings.ts) come from here.
        enumsAsConst: true,
        // Resolvers return domain rows; field resolvers map them (see graphql/resolvers).
        mappers: {
          User: '../../generated/prisma/client.js#User as UserModel',
          Event: '../../events/service.js#ListedEvent as EventModel',
          Recording: '../../events/service.js#ListedRecording as RecordingModel',
          Music: '../../generated/prisma/client.js#Music as MusicModel',
          Vlog: '../../generated/prisma/client.js#Vlog as VlogModel',
          VlogSegment: '../../generated/prisma/client.js#VlogSegment as VlogSegmentModel',
          Job: '../../jobs/jobs.js#JobRecord as JobModel',
          VlogSettings: '../../vlogs/settings.js#VlogSettings as VlogSettingsModel',
          MusicWindow: '../../vlogs/settings.js#MusicSettings as MusicSettingsModel',
          VlogProgress: '../../vlogs/progress.js#ProgressState as ProgressStateModel',
          AutoVlogSettings: '../../generated/prisma/client.js#User as UserModel',
          AutoVlogRun: '../../generated/prisma/client.js#AutoVlogRun as AutoVlogRunModel',
          ShareLink: '../../sharing/service.js#ShareLinkView as ShareLinkModel',
        },
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
