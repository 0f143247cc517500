/**
 * `npm test` fails on an import cycle (type-only imports included: they tie layers as much as
 * value imports do). The swc parser reads TypeScript without the TypeScript compiler's JS API,
 * which TypeScript 7 no longer has; it cannot read TSX, so the Ink views (leaves: nothing but the
 * CLI imports them, lazily) are left out.
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "an import cycle: move the shared piece down (see architecture.md)",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    parser: "swc",
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["harness/generated", "\\.tsx$"] },
  },
};
