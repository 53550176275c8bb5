// Where the API lives, relative to the page: same origin, path /graphql, for HTTP and WS.

export function graphqlHttpUrl(): string {
  return '/graphql';
}

/** ws://host/graphql on http pages, wss://host/graphql on https pages. */
export function graphqlWsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/graphql`;
}
