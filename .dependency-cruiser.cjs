// The layering of src/ (docs/ARCHITECTURE.md), enforced by dependency-cruiser in `npm test`
// (`npm run lint:imports`). Imports go only downward:
//
//   clock, version, dns → dnssec → evidence → dane → ports → { probe | verdict } → render → app → { serve ← cli }
//
// probe and verdict are siblings that never import each other (probe records, verdict judges);
// cli may import serve (it dispatches to it), serve never imports cli.
const LAYERS = [
  ['core', '^src/(clock|version)\\.ts$|^src/dns/'],
  ['dnssec', '^src/dnssec/'],
  ['evidence', '^src/evidence/'],
  ['dane', '^src/dane/'],
  ['ports', '^src/ports\\.ts$'],
  ['probe', '^src/probe/'],
  ['verdict', '^src/verdict/'],
  ['render', '^src/render/'],
  ['app', '^src/app/'],
  ['serve', '^src/serve/'],
  ['cli', '^src/cli/'],
];
const pathOf = (name) => LAYERS.find(([n]) => n === name)[1];

/** The layers `name` may not import: every layer above it, less the one it is allowed to reach up to. */
function forbiddenFor(name, index) {
  const above = LAYERS.slice(index + 1).map(([n]) => n);
  if (name === 'probe') return above; // includes its sibling verdict
  if (name === 'verdict') return above;
  if (name === 'serve') return above; // cli
  if (name === 'cli') return [];
  return above;
}

const forbidden = LAYERS.flatMap(([name, path], index) => {
  const targets = forbiddenFor(name, index);
  if (targets.length === 0) return [];
  return [
    {
      name: `${name}-imports-only-downward`,
      comment: `${name} may not import ${targets.join(', ')}`,
      severity: 'error',
      from: { path },
      to: { path: targets.map(pathOf).join('|') },
    },
  ];
});
// verdict sits above probe in the list, so probe's rule covers probe → verdict; verdict → probe needs its own.
forbidden.push({
  name: 'verdict-never-imports-probe',
  comment: 'verdict judges evidence; it never reaches into the code that gathers it',
  severity: 'error',
  from: { path: pathOf('verdict') },
  to: { path: pathOf('probe') },
});
forbidden.push({
  name: 'no-circular',
  comment: 'no import cycles between files at run time (a type may refer back: the verdict tree and its judgement name each other)',
  severity: 'error',
  from: { path: '^src/' },
  to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
});
forbidden.push({
  name: 'src-is-self-contained',
  comment: 'the product never imports tests, benchmarks or build scripts',
  severity: 'error',
  from: { path: '^src/' },
  to: { path: '^(test|bench|scripts)/' },
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
