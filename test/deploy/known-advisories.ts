/**
 * Published advisories against packages the product runs (production dependencies), as assessed when each was
 * fixed here: every locked copy of the package must be at `fixedIn` or later. `npm run audit:production` asks the
 * registry for the full, current list (docs/security.md#dependencies); this list is what a fresh clone can check
 * without the network, and only ever grows.
 */
export interface KnownAdvisory {
  package: string;
  ids: string[];
  fixedIn: string;
  why: string;
}

export const KNOWN_ADVISORIES: KnownAdvisory[] = [
  {
    package: '@fastify/static',
    ids: [
      'GHSA-pr96-94w5-mx2h',
      'GHSA-x428-ghpx-8j92',
      'CVE-2026-15074 (GHSA-83w8-p2f5-377r)',
      'GHSA-8pvw-jcv7-9cmj',
      'GHSA-423g-23ch-w7c6',
    ],
    fixedIn: '10.1.3',
    why: 'path traversal / route-guard bypass in the static files @fastify/swagger-ui serves under /docs',
  },
];
