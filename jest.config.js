// jest 30 runs the TypeScript ESM sources through @swc/jest (no type check here: `npm run typecheck` does that).
// ESM needs NODE_OPTIONS=--experimental-vm-modules, which bin/test.mjs sets; `npm test` is the way in.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  // Sources import siblings as `./x.js` (NodeNext); the files on disk are `./x.ts`.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // One budget for tests and hooks (jest has no separate hook timeout): a whole-hub beforeAll seeds 1,000 citizens.
  testTimeout: 180_000,
  // Whole-hub suites start six subgraphs and a gateway per file: two at a time on these two cores.
  maxWorkers: 2,
  // Browser and whole-hub suites hold child processes and sockets; a suite that leaks one must not hang the run.
  forceExit: true,
};
