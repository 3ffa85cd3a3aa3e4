/**
 * The test projects. Vitest 4 reads them through `test.projects` in vitest.config.ts; this list is
 * the one place that says which packages have tests.
 */
export default [
  'packages/protocol',
  'packages/bot',
  'packages/relay',
  'packages/widget',
  'packages/console',
  'tests',
];
