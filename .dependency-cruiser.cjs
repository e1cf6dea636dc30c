/**
 * Module boundaries, checked on every CI run (`npm run check:deps`). Why each rule exists: docs/decisions.md,
 * "Module boundaries". A rule here is a decision; change it there first.
 */
// Test code: the test files themselves and their support (harness, scratch databases, fakes of outside systems), and
// the benchmarks, which measure internals as the tests do. It may reach inside a module; it may not make a circle.
const TEST = '(\\.test\\.tsx?$|^server/test/|^bench/)';
// Floors below the modules: they serve every module and so may name none of them.
const LOWER_FLOORS = '^(common/|server/(db|drivers|analytics|realtime|jobs|http|net)/|server/(errors|clock|config|paths|actor)\\.ts$)';
// Composition, above the modules: the files that put them together (boot, the Fastify app, the process entries, the
// list of tables drizzle-kit reads). server/demo/ (the demo business) sits there too.
const COMPOSITION = '^server/(app|boot|main|cli|schema)\\.ts$';
// A module's tables: its second public face, for foreign keys and the schema drizzle-kit reads.
const TABLES = '\\.tables\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles, type imports included, test files included: a circle makes every file in it load-order dependent and untestable alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'module-only-through-index',
      severity: 'error',
      comment: "Another module's files are reached only through its index.ts (its public face).",
      from: { path: '^server/modules/([^/]+)/', pathNot: [TEST, TABLES] },
      to: { path: '^server/modules/[^/]+/', pathNot: ['^server/modules/$1/', '^server/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'tables-only-from-tables',
      severity: 'error',
      comment: "A tables file may name another module's tables file (a foreign key), nothing else inside another module.",
      from: { path: `^server/modules/([^/]+)/.*${TABLES}` },
      to: { path: '^server/modules/[^/]+/', pathNot: ['^server/modules/$1/', TABLES] },
    },
    {
      name: 'tables-are-leaves',
      severity: 'error',
      comment: 'Tables files import only drizzle, common/ and other tables files: the schema loads without any service, and no circle can pass through it.',
      from: { path: TABLES },
      to: { pathNot: [TABLES, '^common/', '(^|/)node_modules/drizzle-orm/'] },
    },
    {
      name: 'outside-only-through-index',
      severity: 'error',
      comment: "Code outside the modules reaches a module only through its index.ts (routes files excepted: see routes-only-from-app).",
      from: { pathNot: ['^server/modules/', '^server/schema\\.ts$', TEST] },
      to: { path: '^server/modules/[^/]+/', pathNot: ['^server/modules/[^/]+/index\\.ts$', '\\.routes\\.ts$'] },
    },
    {
      name: 'schema-gathers-tables',
      severity: 'error',
      comment: 'server/schema.ts (the list drizzle-kit reads) names every tables file and nothing else of the modules.',
      from: { path: '^server/schema\\.ts$' },
      to: { path: '^server/modules/', pathNot: TABLES },
    },
    {
      name: 'routes-only-from-app',
      severity: 'error',
      comment: 'Routes files are imported only by the app (server/app.ts), which registers every module\'s routes.',
      from: { pathNot: ['^server/app\\.ts$', TEST] },
      to: { path: '\\.routes\\.ts$' },
    },
    {
      name: 'index-free-of-http',
      severity: 'error',
      comment: "A module's public face carries no HTTP: no Fastify, no routes, nothing from server/http/ or the app.",
      from: { path: '^server/modules/[^/]+/index\\.ts$' },
      to: { path: ['\\.routes\\.ts$', '^server/http/', COMPOSITION, '(^|/)node_modules/(fastify|@fastify/|fastify-type-provider-zod)'] },
    },
    {
      name: 'services-know-no-http',
      severity: 'error',
      comment: 'Only routes files see HTTP (server/http/: the app context, the auth hook, Fastify); services take db/tx, clock, actor.',
      from: { path: '^server/modules/', pathNot: ['\\.routes\\.ts$', TEST] },
      to: { path: ['^server/http/', '(^|/)node_modules/(fastify|@fastify/|fastify-type-provider-zod)'] },
    },
    {
      name: 'modules-know-no-composition',
      severity: 'error',
      comment: 'Modules are put together from above (boot, the app, the demo); none of them imports what composes it.',
      from: { path: '^server/modules/', pathNot: TEST },
      to: { path: [COMPOSITION, '^server/demo/'] },
    },
    {
      name: 'lower-floors-know-no-modules',
      severity: 'error',
      comment: 'common/, db/, drivers/, analytics/, realtime/, jobs/, http/ and the plain helpers (errors, clock, config, paths, actor) serve every module and name none.',
      from: { path: LOWER_FLOORS, pathNot: TEST },
      to: { path: ['^server/modules/', COMPOSITION, '^server/demo/'] },
    },
    {
      name: 'common-is-shared-only',
      severity: 'error',
      comment: 'common/ is shared by the server and the web app: it imports neither.',
      from: { path: '^common/' },
      to: { path: ['^server/', '^web/'] },
    },
    {
      name: 'web-never-imports-server',
      severity: 'error',
      comment: 'The web app shares code with the server only through common/.',
      from: { path: '^web/' },
      to: { path: ['^server/', '^bench/', '^e2e/', '^scripts/'] },
    },
    {
      name: 'server-never-imports-web',
      severity: 'error',
      comment: 'The server serves the built web app as files; it never imports its sources.',
      from: { path: '^server/' },
      to: { path: '^web/' },
    },
    {
      name: 'no-test-code-in-product',
      severity: 'error',
      comment: 'Product code never imports a test file or a test fake (the harness, scratch databases, fake gateways).',
      from: { path: '^(server|common|web/src)/', pathNot: TEST },
      to: { path: [TEST, '^e2e/'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve hides an edge from every rule above (the built server bundle is the one exception).',
      from: {},
      to: { couldNotResolve: true, pathNot: '^\\.\\./dist/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are edges too: a type circle is still a circle, and a type named across a floor still ties it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['^dist/', '^web/dist/', '^data/'] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
