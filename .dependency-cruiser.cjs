/**
 * `npm test` fails on an import cycle, or on an import up the layers that architecture.md's table
 * orders (type-only imports included: they tie layers as much as value imports do). The swc
 * parser reads TypeScript without the TypeScript compiler's JS API, which TypeScript 7 no longer
 * has; it cannot read TSX, so the Ink views (leaves: nothing but the CLI imports them, lazily) are
 * left out.
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
    {
      name: "core-imports-nothing",
      severity: "error",
      comment: "harness/core is the bottom of the tree: the shared values import nothing of ours",
      from: { path: "^harness/core/" },
      to: { path: "^(harness|judges)/", pathNot: "^harness/core/" },
    },
    {
      name: "util-stays-low",
      severity: "error",
      comment: "harness/util holds small helpers: they may use core, nothing higher",
      from: { path: "^harness/util/" },
      to: { path: "^(harness|judges)/", pathNot: "^harness/(core|util|generated)/" },
    },
    {
      name: "judges-only-from-the-top",
      severity: "error",
      comment:
        "judges/ sits above the harness's lower layers: only the runner, the library entry and the CLI create judges",
      from: { path: "^harness/", pathNot: "^harness/(evaluate|index)\\.ts$|^harness/(run|cli)/" },
      to: { path: "^judges/" },
    },
  ],
  options: {
    parser: "swc",
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["harness/generated", "\\.tsx$"] },
  },
};
