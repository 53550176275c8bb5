/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ShareLinkRow on ShareLink {\n    id\n    url\n    note\n    expiresAt\n    createdAt\n  }\n": typeof types.ShareLinkRowFragmentDoc,
    "\n  query VlogShareLinks($id: ID!) {\n    vlog(id: $id) {\n      id\n      shareLinks {\n        ...ShareLinkRow\n      }\n    }\n  }\n": typeof types.VlogShareLinksDocument,
    "\n  mutation CreateVlogShareLink($vlogId: ID!, $expiresInDays: Int, $note: String) {\n    createShareLink(vlogId: $vlogId, expiresInDays: $expiresInDays, note: $note) {\n      ...ShareLinkRow\n    }\n  }\n": typeof types.CreateVlogShareLinkDocument,
    "\n  mutation RevokeVlogShareLink($id: ID!) {\n    revokeShareLink(id: $id)\n  }\n": typeof types.RevokeVlogShareLinkDocument,
    "\n  fragment AutoVlogFields on AutoVlogSettings {\n    enabled\n    time\n    maxDuration\n    resolution\n    nextRunAt\n    music {\n      id\n      name\n    }\n  }\n": typeof types.AutoVlogFieldsFragmentDoc,
    "\n  query Settings {\n    me {\n      ...UserFields\n      autoVlog {\n        ...AutoVlogFields\n      }\n    }\n    music {\n      id\n      name\n    }\n    limits {\n      minDuration\n      maxDuration\n    }\n  }\n": typeof types.SettingsDocument,
    "\n  mutation UpdateSettings($input: UpdateMeInput!) {\n    updateMe(input: $input) {\n      ...UserFields\n      autoVlog {\n        ...AutoVlogFields\n      }\n    }\n  }\n": typeof types.UpdateSettingsDocument,
    "\n  query DayAutoVlogRun($date: Date!) {\n    autoVlogRun(date: $date) {\n      date\n      status\n      reason\n      message\n    }\n  }\n": typeof types.DayAutoVlogRunDocument,
    "\n  fragment UserFields on User {\n    id\n    username\n    timezone\n    locale\n  }\n": typeof types.UserFieldsFragmentDoc,
    "\n  fragment EventRow on Event {\n    id\n    startTime\n    duration\n    action\n    scene\n    summary\n    thumbnailUrl\n    recording {\n      id\n      thumbnailUrl\n      url\n      startTime\n      duration\n    }\n  }\n": typeof types.EventRowFragmentDoc,
    "\n  fragment VlogCard on Vlog {\n    id\n    title\n    date\n    status\n    progress\n    statusMessage\n    duration\n    size\n    url\n    thumbnailUrl\n    captionsUrl\n    error\n    automatic\n    errorCode\n    createdAt\n    updatedAt\n    segments {\n      sequenceOrder\n      event {\n        id\n      }\n    }\n    settings {\n      maxDuration\n      resolution\n      aspect\n      transition\n      fit\n      titleCard\n      captions\n      beatSync\n      music {\n        start\n        end\n        fade\n        volume\n        music {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.VlogCardFragmentDoc,
    "\n  query Session {\n    me {\n      ...UserFields\n    }\n  }\n": typeof types.SessionDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        ...UserFields\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  mutation UpdateLocale($locale: String!) {\n    updateMe(input: { locale: $locale }) {\n      ...UserFields\n    }\n  }\n": typeof types.UpdateLocaleDocument,
    "\n  query Days {\n    days {\n      date\n      eventCount\n      vlogStatus\n    }\n    limits {\n      minEvents\n      maxEvents\n      minDuration\n      maxDuration\n      minMusicWindow\n      maxTitleLength\n      burnedCaptions\n    }\n  }\n": typeof types.DaysDocument,
    "\n  query Day($date: Date!) {\n    eventsByDate(date: $date) {\n      ...EventRow\n    }\n    diary(date: $date) {\n      date\n      content\n    }\n    vlogByDate(date: $date) {\n      ...VlogCard\n    }\n    vlogs(date: $date, first: 50) {\n      totalCount\n      nodes {\n        ...VlogCard\n      }\n    }\n  }\n": typeof types.DayDocument,
    "\n  query Recommend($date: Date!, $limit: Int, $query: String) {\n    recommendEvents(date: $date, limit: $limit, query: $query) {\n      score\n      reasons\n      basis\n      event {\n        id\n      }\n    }\n  }\n": typeof types.RecommendDocument,
    "\n  query Music {\n    music {\n      id\n      name\n      composer\n      duration\n      url\n      peaks\n    }\n  }\n": typeof types.MusicDocument,
    "\n  mutation CreateVlog($input: CreateVlogInput!) {\n    createVlog(input: $input) {\n      ...VlogCard\n    }\n  }\n": typeof types.CreateVlogDocument,
    "\n  mutation CancelVlog($id: ID!) {\n    cancelVlog(id: $id) {\n      ...VlogCard\n    }\n  }\n": typeof types.CancelVlogDocument,
    "\n  mutation RetryVlog($id: ID!) {\n    retryVlog(id: $id) {\n      ...VlogCard\n    }\n  }\n": typeof types.RetryVlogDocument,
    "\n  mutation DeleteVlog($id: ID!) {\n    deleteVlog(id: $id)\n  }\n": typeof types.DeleteVlogDocument,
    "\n  subscription VlogProgress($vlogId: ID!) {\n    vlogProgress(vlogId: $vlogId) {\n      vlogId\n      status\n      phase\n      percent\n      message\n      step\n      totalSteps\n      etaSeconds\n      error\n      errorCode\n      updatedAt\n    }\n  }\n": typeof types.VlogProgressDocument,
};
const documents: Documents = {
    "\n  fragment ShareLinkRow on ShareLink {\n    id\n    url\n    note\n    expiresAt\n    createdAt\n  }\n": types.ShareLinkRowFragmentDoc,
    "\n  query VlogShareLinks($id: ID!) {\n    vlog(id: $id) {\n      id\n      shareLinks {\n        ...ShareLinkRow\n      }\n    }\n  }\n": types.VlogShareLinksDocument,
    "\n  mutation CreateVlogShareLink($vlogId: ID!, $expiresInDays: Int, $note: String) {\n    createShareLink(vlogId: $vlogId, expiresInDays: $expiresInDays, note: $note) {\n      ...ShareLinkRow\n    }\n  }\n": types.CreateVlogShareLinkDocument,
    "\n  mutation RevokeVlogShareLink($id: ID!) {\n    revokeShareLink(id: $id)\n  }\n": types.RevokeVlogShareLinkDocument,
    "\n  fragment AutoVlogFields on AutoVlogSettings {\n    enabled\n    time\n    maxDuration\n    resolution\n    nextRunAt\n    music {\n      id\n      name\n    }\n  }\n": types.AutoVlogFieldsFragmentDoc,
    "\n  query Settings {\n    me {\n      ...UserFields\n      autoVlog {\n        ...AutoVlogFields\n      }\n    }\n    music {\n      id\n      name\n    }\n    limits {\n      minDuration\n      maxDuration\n    }\n  }\n": types.SettingsDocument,
    "\n  mutation UpdateSettings($input: UpdateMeInput!) {\n    updateMe(input: $input) {\n      ...UserFields\n      autoVlog {\n        ...AutoVlogFields\n      }\n    }\n  }\n": types.UpdateSettingsDocument,
    "\n  query DayAutoVlogRun($date: Date!) {\n    autoVlogRun(date: $date) {\n      date\n      status\n      reason\n      message\n    }\n  }\n": types.DayAutoVlogRunDocument,
    "\n  fragment UserFields on User {\n    id\n    username\n    timezone\n    locale\n  }\n": types.UserFieldsFragmentDoc,
    "\n  fragment EventRow on Event {\n    id\n    startTime\n    duration\n    action\n    scene\n    summary\n    thumbnailUrl\n    recording {\n      id\n      thumbnailUrl\n      url\n      startTime\n      duration\n    }\n  }\n": types.EventRowFragmentDoc,
    "\n  fragment VlogCard on Vlog {\n    id\n    title\n    date\n    status\n    progress\n    statusMessage\n    duration\n    size\n    url\n    thumbnailUrl\n    captionsUrl\n    error\n    automatic\n    errorCode\n    createdAt\n    updatedAt\n    segments {\n      sequenceOrder\n      event {\n        id\n      }\n    }\n    settings {\n      maxDuration\n      resolution\n      aspect\n      transition\n      fit\n      titleCard\n      captions\n      beatSync\n      music {\n        start\n        end\n        fade\n        volume\n        music {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.VlogCardFragmentDoc,
    "\n  query Session {\n    me {\n      ...UserFields\n    }\n  }\n": types.SessionDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        ...UserFields\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  mutation UpdateLocale($locale: String!) {\n    updateMe(input: { locale: $locale }) {\n      ...UserFields\n    }\n  }\n": types.UpdateLocaleDocument,
    "\n  query Days {\n    days {\n      date\n      eventCount\n      vlogStatus\n    }\n    limits {\n      minEvents\n      maxEvents\n      minDuration\n      maxDuration\n      minMusicWindow\n      maxTitleLength\n      burnedCaptions\n    }\n  }\n": types.DaysDocument,
    "\n  query Day($date: Date!) {\n    eventsByDate(date: $date) {\n      ...EventRow\n    }\n    diary(date: $date) {\n      date\n      content\n    }\n    vlogByDate(date: $date) {\n      ...VlogCard\n    }\n    vlogs(date: $date, first: 50) {\n      totalCount\n      nodes {\n        ...VlogCard\n      }\n    }\n  }\n": types.DayDocument,
    "\n  query Recommend($date: Date!, $limit: Int, $query: String) {\n    recommendEvents(date: $date, limit: $limit, query: $query) {\n      score\n      reasons\n      basis\n      event {\n        id\n      }\n    }\n  }\n": types.RecommendDocument,
    "\n  query Music {\n    music {\n      id\n      name\n      composer\n      duration\n      url\n      peaks\n    }\n  }\n": types.MusicDocument,
    "\n  mutation CreateVlog($input: CreateVlogInput!) {\n    createVlog(input: $input) {\n      ...VlogCard\n    }\n  }\n": types.CreateVlogDocument,
    "\n  mutation CancelVlog($id: ID!) {\n    cancelVlog(id: $id) {\n      ...VlogCard\n    }\n  }\n": types.CancelVlogDocument,
    "\n  mutation RetryVlog($id: ID!) {\n    retryVlog(id: $id) {\n      ...VlogCard\n    }\n  }\n": types.RetryVlogDocument,
    "\n  mutation DeleteVlog($id: ID!) {\n    deleteVlog(id: $id)\n  }\n": types.DeleteVlogDocument,
    "\n  subscription VlogProgress($vlogId: ID!) {\n    vlogProgress(vlogId: $vlogId) {\n      vlogId\n      status\n      phase\n      percent\n      message\n      step\n      totalSteps\n      etaSeconds\n      error\n      errorCode\n      updatedAt\n    }\n  }\n": types.VlogProgressDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShareLinkRow on ShareLink {\n    id\n    url\n    note\n    expiresAt\n    createdAt\n  }\n"): (typeof documents)["\n  fragment ShareLinkRow on ShareLink {\n    id\n    url\n    note\n    expiresAt\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VlogShareLinks($id: ID!) {\n    vlog(id: $id) {\n      id\n      shareLinks {\n        ...ShareLinkRow\n      }\n    }\n  }\n"): (typeof documents)["\n  query VlogShareLinks($id: ID!) {\n    vlog(id: $id) {\n      id\n      shareLinks {\n        ...ShareLinkRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateVlogShareLink($vlogId: ID!, $expiresInDays: Int, $note: String) {\n    createShareLink(vlogId: $vlogId, expiresInDays: $expiresInDays, note: $note) {\n      ...ShareLinkRow\n    }\n  }\n"): (typeof documents)["\n  mutation CreateVlogShareLink($vlogId: ID!, $expiresInDays: Int, $note: String) {\n    createShareLink(vlogId: $vlogId, expiresInDays: $expiresInDays, note: $note) {\n      ...ShareLinkRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeVlogShareLink($id: ID!) {\n    revokeShareLink(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeVlogShareLink($id: ID!) {\n    revokeShareLink(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AutoVlogFields on AutoVlogSettings {\n    enabled\n    time\n    maxDuration\n    resolution\n    nextRunAt\n    music {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment AutoVlogFields on AutoVlogSettings {\n    enabled\n    time\n    maxDuration\n    resolution\n    nextRunAt\n    music {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Settings {\n    me {\n      ...UserFields\n      autoVlog {\n        ...AutoVlogFields\n      }\n    }\n    music {\n      id\n      name\n    }\n    limits {\n      minDuration\n      maxDuration\n    }\n  }\n"): (typeof documents)["\n  query Settings {\n    me {\n      ...UserFields\n      autoVlog {\n        ...AutoVlogFields\n      }\n    }\n    music {\n      id\n      name\n    }\n    limits {\n      minDuration\n      maxDuration\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSettings($input: UpdateMeInput!) {\n    updateMe(input: $input) {\n      ...UserFields\n      autoVlog {\n        ...AutoVlogFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSettings($input: UpdateMeInput!) {\n    updateMe(input: $input) {\n      ...UserFields\n      autoVlog {\n        ...AutoVlogFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DayAutoVlogRun($date: Date!) {\n    autoVlogRun(date: $date) {\n      date\n      status\n      reason\n      message\n    }\n  }\n"): (typeof documents)["\n  query DayAutoVlogRun($date: Date!) {\n    autoVlogRun(date: $date) {\n      date\n      status\n      reason\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserFields on User {\n    id\n    username\n    timezone\n    locale\n  }\n"): (typeof documents)["\n  fragment UserFields on User {\n    id\n    username\n    timezone\n    locale\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EventRow on Event {\n    id\n    startTime\n    duration\n    action\n    scene\n    summary\n    thumbnailUrl\n    recording {\n      id\n      thumbnailUrl\n      url\n      startTime\n      duration\n    }\n  }\n"): (typeof documents)["\n  fragment EventRow on Event {\n    id\n    startTime\n    duration\n    action\n    scene\n    summary\n    thumbnailUrl\n    recording {\n      id\n      thumbnailUrl\n      url\n      startTime\n      duration\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VlogCard on Vlog {\n    id\n    title\n    date\n    status\n    progress\n    statusMessage\n    duration\n    size\n    url\n    thumbnailUrl\n    captionsUrl\n    error\n    automatic\n    errorCode\n    createdAt\n    updatedAt\n    segments {\n      sequenceOrder\n      event {\n        id\n      }\n    }\n    settings {\n      maxDuration\n      resolution\n      aspect\n      transition\n      fit\n      titleCard\n      captions\n      beatSync\n      music {\n        start\n        end\n        fade\n        volume\n        music {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment VlogCard on Vlog {\n    id\n    title\n    date\n    status\n    progress\n    statusMessage\n    duration\n    size\n    url\n    thumbnailUrl\n    captionsUrl\n    error\n    automatic\n    errorCode\n    createdAt\n    updatedAt\n    segments {\n      sequenceOrder\n      event {\n        id\n      }\n    }\n    settings {\n      maxDuration\n      resolution\n      aspect\n      transition\n      fit\n      titleCard\n      captions\n      beatSync\n      music {\n        start\n        end\n        fade\n        volume\n        music {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Session {\n    me {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  query Session {\n    me {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        ...UserFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        ...UserFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateLocale($locale: String!) {\n    updateMe(input: { locale: $locale }) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateLocale($locale: String!) {\n    updateMe(input: { locale: $locale }) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Days {\n    days {\n      date\n      eventCount\n      vlogStatus\n    }\n    limits {\n      minEvents\n      maxEvents\n      minDuration\n      maxDuration\n      minMusicWindow\n      maxTitleLength\n      burnedCaptions\n    }\n  }\n"): (typeof documents)["\n  query Days {\n    days {\n      date\n      eventCount\n      vlogStatus\n    }\n    limits {\n      minEvents\n      maxEvents\n      minDuration\n      maxDuration\n      minMusicWindow\n      maxTitleLength\n      burnedCaptions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Day($date: Date!) {\n    eventsByDate(date: $date) {\n      ...EventRow\n    }\n    diary(date: $date) {\n      date\n      content\n    }\n    vlogByDate(date: $date) {\n      ...VlogCard\n    }\n    vlogs(date: $date, first: 50) {\n      totalCount\n      nodes {\n        ...VlogCard\n      }\n    }\n  }\n"): (typeof documents)["\n  query Day($date: Date!) {\n    eventsByDate(date: $date) {\n      ...EventRow\n    }\n    diary(date: $date) {\n      date\n      content\n    }\n    vlogByDate(date: $date) {\n      ...VlogCard\n    }\n    vlogs(date: $date, first: 50) {\n      totalCount\n      nodes {\n        ...VlogCard\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Recommend($date: Date!, $limit: Int, $query: String) {\n    recommendEvents(date: $date, limit: $limit, query: $query) {\n      score\n      reasons\n      basis\n      event {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query Recommend($date: Date!, $limit: Int, $query: String) {\n    recommendEvents(date: $date, limit: $limit, query: $query) {\n      score\n      reasons\n      basis\n      event {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Music {\n    music {\n      id\n      name\n      composer\n      duration\n      url\n      peaks\n    }\n  }\n"): (typeof documents)["\n  query Music {\n    music {\n      id\n      name\n      composer\n      duration\n      url\n      peaks\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateVlog($input: CreateVlogInput!) {\n    createVlog(input: $input) {\n      ...VlogCard\n    }\n  }\n"): (typeof documents)["\n  mutation CreateVlog($input: CreateVlogInput!) {\n    createVlog(input: $input) {\n      ...VlogCard\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelVlog($id: ID!) {\n    cancelVlog(id: $id) {\n      ...VlogCard\n    }\n  }\n"): (typeof documents)["\n  mutation CancelVlog($id: ID!) {\n    cancelVlog(id: $id) {\n      ...VlogCard\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryVlog($id: ID!) {\n    retryVlog(id: $id) {\n      ...VlogCard\n    }\n  }\n"): (typeof documents)["\n  mutation RetryVlog($id: ID!) {\n    retryVlog(id: $id) {\n      ...VlogCard\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteVlog($id: ID!) {\n    deleteVlog(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteVlog($id: ID!) {\n    deleteVlog(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription VlogProgress($vlogId: ID!) {\n    vlogProgress(vlogId: $vlogId) {\n      vlogId\n      status\n      phase\n      percent\n      message\n      step\n      totalSteps\n      etaSeconds\n      error\n      errorCode\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  subscription VlogProgress($vlogId: ID!) {\n    vlogProgress(vlogId: $vlogId) {\n      vlogId\n      status\n      phase\n      percent\n      message\n      step\n      totalSteps\n      etaSeconds\n      error\n      errorCode\n      updatedAt\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;