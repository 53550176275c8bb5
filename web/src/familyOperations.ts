// The SPA's documents for sharing a vlog, the settings page and the automatic vlog's notice.
// `npm run codegen` turns them into typed documents in web/src/gql.
import { graphql } from './gql/index.ts';

export const ShareLinkRowFragment = graphql(`
  fragment ShareLinkRow on ShareLink {
    id
    url
    note
    expiresAt
    createdAt
  }
`);

export const ShareLinksQuery = graphql(`
  query VlogShareLinks($id: ID!) {
    vlog(id: $id) {
      id
      shareLinks {
        ...ShareLinkRow
      }
    }
  }
`);

export const CreateShareLinkMutation = graphql(`
  mutation CreateVlogShareLink($vlogId: ID!, $expiresInDays: Int, $note: String) {
    createShareLink(vlogId: $vlogId, expiresInDays: $expiresInDays, note: $note) {
      ...ShareLinkRow
    }
  }
`);

export const RevokeShareLinkMutation = graphql(`
  mutation RevokeVlogShareLink($id: ID!) {
    revokeShareLink(id: $id)
  }
`);

export const AutoVlogFieldsFragment = graphql(`
  fragment AutoVlogFields on AutoVlogSettings {
    enabled
    time
    maxDuration
    resolution
    nextRunAt
    music {
      id
      name
    }
  }
`);

export const SettingsQuery = graphql(`
  query Settings {
    me {
      ...UserFields
      autoVlog {
        ...AutoVlogFields
      }
    }
    music {
      id
      name
    }
    limits {
      minDuration
      maxDuration
    }
  }
`);

export const UpdateSettingsMutation = graphql(`
  mutation UpdateSettings($input: UpdateMeInput!) {
    updateMe(input: $input) {
      ...UserFields
      autoVlog {
        ...AutoVlogFields
      }
    }
  }
`);

export const AutoVlogRunQuery = graphql(`
  query DayAutoVlogRun($date: Date!) {
    autoVlogRun(date: $date) {
      date
      status
      reason
      message
    }
  }
`);
