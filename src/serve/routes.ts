// The API's paths. The original's POST endpoints answered at /verify/ and
// /verify_host/ (FastAPI redirected the slash-less form); both forms answer
// here directly. Only /healthz (for container health checks) needs no key.
// src/serve/openapi.ts documents every route.

export type RouteName = 'verify' | 'verify-host' | 'metrics' | 'probe' | 'health' | 'root' | 'openapi' | 'docs';

export interface Route {
  name: RouteName;
  paths: readonly string[];
  methods: readonly string[];
  auth: boolean;
}

export const ROUTES: readonly Route[] = [
  { name: 'verify', paths: ['/verify', '/verify/'], methods: ['POST'], auth: true },
  { name: 'verify-host', paths: ['/verify_host', '/verify_host/'], methods: ['POST'], auth: true },
  { name: 'metrics', paths: ['/metrics', '/metrics/'], methods: ['GET', 'HEAD'], auth: true },
  { name: 'probe', paths: ['/probe', '/probe/'], methods: ['GET', 'HEAD'], auth: true },
  { name: 'health', paths: ['/healthz'], methods: ['GET', 'HEAD'], auth: false },
  { name: 'root', paths: ['/'], methods: ['GET', 'HEAD'], auth: true },
  // The original FastAPI app's own pages, behind the key as there.
  { name: 'openapi', paths: ['/openapi.json'], methods: ['GET', 'HEAD'], auth: true },
  { name: 'docs', paths: ['/docs', '/docs/'], methods: ['GET', 'HEAD'], auth: true },
];

export type RouteMatch =
  | { kind: 'found'; route: Route }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: string };

export function matchRoute(pathname: string, method: string | undefined): RouteMatch {
  const route = ROUTES.find((r) => r.paths.includes(pathname));
  if (!route) return { kind: 'not-found' };
  if (!method || !route.methods.includes(method)) return { kind: 'method-not-allowed', allow: route.methods.join(', ') };
  return { kind: 'found', route };
}
