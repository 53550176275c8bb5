// Every GraphQL document the SPA sends. `npm run codegen` turns them into typed documents in
// web/src/gql (run it after changing anything here).
import { graphql } from './gql/index.ts';

export const UserFieldsFragment = graphql(`
  fragment UserFields on User {
    id
    username
    timezone
    locale
  }
`);

export const EventRowFragment = graphql(`
  fragment EventRow on Event {
    id
    startTime
    duration
    action
    scene
    summary
    thumbnailUrl
    recording {
      id
      thumbnailUrl
      url
      startTime
      duration
    }
  }
`);

export const VlogCardFragment = graphql(`
  fragment VlogCard on Vlog {
    id
    title
    date
    status
    progress
    statusMessage
    duration
    size
    url
    thumbnailUrl
    captionsUrl
    error
    automatic
    errorCode
    createdAt
    updatedAt
    segments {
      sequenceOrder
      event {
        id
      }
    }
    settings {
      maxDuration
      resolution
      aspect
      transition
      fit
      titleCard
      captions
      beatSync
      music {
        start
        end
        fade
        volume
        music {
          id
          name
        }
      }
    }
  }
`);

export const SessionQuery = graphql(`
  query Session {
    me {
      ...UserFields
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      token
      expiresAt
      user {
        ...UserFields
      }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export const UpdateLocaleMutation = graphql(`
  mutation UpdateLocale($locale: String!) {
    updateMe(input: { locale: $locale }) {
      ...UserFields
    }
  }
`);

export const DaysQuery = graphql(`
  query Days {
    days {
      date
      eventCount
      vlogStatus
    }
    limits {
      minEvents
      maxEvents
      minDuration
      maxDuration
      minMusicWindow
      maxTitleLength
      burnedCaptions
    }
  }
`);

export const DayQuery = graphql(`
  query Day($date: Date!) {
    eventsByDate(date: $date) {
      ...EventRow
    }
    diary(date: $date) {
      date
      content
    }
    vlogByDate(date: $date) {
      ...VlogCard
    }
    vlogs(date: $date, first: 50) {
      totalCount
      nodes {
        ...VlogCard
      }
    }
  }
`);

export const RecommendQuery = graphql(`
  query Recommend($date: Date!, $limit: Int, $query: String) {
    recommendEvents(date: $date, limit: $limit, query: $query) {
      score
      reasons
      basis
      event {
        id
      }
    }
  }
`);

export const MusicQuery = graphql(`
  query Music {
    music {
      id
      name
      composer
      duration
      url
      peaks
    }
  }
`);

export const CreateVlogMutation = graphql(`
  mutation CreateVlog($input: CreateVlogInput!) {
    createVlog(input: $input) {
      ...VlogCard
    }
  }
`);

export const CancelVlogMutation = graphql(`
  mutation CancelVlog($id: ID!) {
    cancelVlog(id: $id) {
      ...VlogCard
    }
  }
`);

export const RetryVlogMutation = graphql(`
  mutation RetryVlog($id: ID!) {
    retryVlog(id: $id) {
      ...VlogCard
    }
  }
`);

export const DeleteVlogMutation = graphql(`
  mutation DeleteVlog($id: ID!) {
    deleteVlog(id: $id)
  }
`);

export const VlogProgressSubscription = graphql(`
  subscription VlogProgress($vlogId: ID!) {
    vlogProgress(vlogId: $vlogId) {
      vlogId
      status
      phase
      percent
      message
      step
      totalSteps
      etaSeconds
      error
      errorCode
      updatedAt
    }
  }
`);
