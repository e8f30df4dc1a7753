/**
 * The fixture modules of the scenario universe. Public modules (example.com/…, github.com/…) are on
 * proxy.golang.org and in sum.golang.org; private ones (git.corp.example/…) only on the corporate
 * proxy and the private git server. Each scenario that installs faults has modules of its own, so
 * scenarios can run side by side against one world.
 */
import type { ModuleDef } from '../fixtures.ts';

const simple = (path: string, ...versions: string[]): ModuleDef => ({
  path,
  versions: versions.map((version) => ({ version })),
});

export const UNIVERSE: ModuleDef[] = [
  simple('example.com/hello', 'v1.0.0', 'v1.1.0'),
  simple('example.com/hang', 'v1.0.0'),
  simple('example.com/ratelimited', 'v1.0.0'),
  simple('example.com/flaky', 'v1.0.0'),
  simple('example.com/gone', 'v1.0.0'),
  simple('example.com/blocked', 'v1.0.0'),
  simple('example.com/fallthrough', 'v1.0.0'),
  simple('example.com/tampered', 'v1.0.0'),
  simple('example.com/cached', 'v1.0.0'),
  simple('example.com/sumdbdown', 'v1.0.0'),
  {
    path: 'example.com/renamed',
    versions: [{ version: 'v1.0.0', goMod: 'module example.com/original\n\ngo 1.19\n' }],
  },
  {
    path: 'example.com/major',
    versions: [{ version: 'v1.0.0' }, { version: 'v2.0.0', goMod: 'module example.com/major\n\ngo 1.19\n' }],
  },
  {
    path: 'example.com/parent',
    versions: [
      {
        version: 'v1.0.0',
        goMod: 'module example.com/parent\n\ngo 1.16\n\nrequire example.com/vanished v1.0.0\n',
      },
    ],
  },
  simple('example.com/wsok', 'v1.0.0'),
  { path: 'github.com/acme/lib', versions: [{ version: 'v1.0.0' }, { version: 'v1.1.0' }], git: {} },
  {
    path: 'github.com/acme/major',
    versions: [
      { version: 'v1.0.0' },
      { version: 'v2.0.0', goMod: 'module github.com/acme/major\n\ngo 1.19\n' },
    ],
    git: {},
  },
  { path: 'git.corp.example/team/private', versions: [{ version: 'v1.0.0' }], git: {} },
  { path: 'git.corp.example/team/internal', versions: [{ version: 'v1.0.0' }] },
  { path: 'gitlab.corp.example/group/tool', versions: [{ version: 'v1.0.0' }], git: {} },
  simple('example.com/swapped', 'v1.0.0'),
];

/** Never in sum.golang.org nor on proxy.golang.org. */
export const PRIVATE_PREFIXES = ['git.corp.example', 'gitlab.corp.example'];
