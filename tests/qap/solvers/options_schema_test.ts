/**
 * Each solver's options are declared once (lib/core/options.ts `OptionSchema`) and validated once against that
 * declaration: every declared option refuses a value outside its declared type / range / choices with a one-line
 * error naming it, the defaults are the declared ones, and the registry carries the same schema.
 */
import assert from "node:assert/strict";
import { fromRows } from "../../../lib/core/matrix.ts";
import {
  option,
  optionFlag,
  type OptionSchema,
  type OptionSpec,
  schemaDefaults,
  validateOption,
} from "../../../lib/core/options.ts";
import { createQapProblem } from "../../../lib/qap/problem.ts";
import { getSolver } from "../../../lib/qap/registry.ts";
import { FHG_OPTIONS, solveFactorizedHahnGrant } from "../../../lib/qap/solvers/factorized_hahn_grant.ts";
import { BNB_OPTIONS, solveBranchAndBound } from "../../../lib/qap/solvers/branch_and_bound.ts";
import { HAHN_GRANT_OPTIONS, solveHahnGrant } from "../../../lib/qap/solvers/hahn_grant.ts";
import type { QapProblem } from "../../../lib/qap/problem.ts";
import type { SolveResult } from "../../../lib/qap/result.ts";

const problem = createQapProblem(
  fromRows([[0, 1, 2], [1, 0, 3], [2, 3, 0]]),
  fromRows([[0, 2, 1], [2, 0, 1], [1, 1, 0]]),
);

/** Values that break a declaration (each must be refused). */
function badValues(spec: OptionSpec): unknown[] {
  switch (spec.type) {
    case "boolean":
      return ["yes", 1];
    case "integer":
      return [
        1.5,
        "3",
        ...(spec.min !== undefined && Number.isFinite(spec.min) ? [spec.min - 1] : []),
        ...(spec.max !== undefined && Number.isFinite(spec.max) ? [spec.max + 1] : []),
      ];
    case "number":
      return [
        "3",
        NaN,
        ...(spec.min !== undefined ? [spec.minExclusive ? spec.min : spec.min - 1] : []),
        ...(spec.max !== undefined && Number.isFinite(spec.max) ? [spec.maxExclusive ? spec.max : spec.max + 1] : []),
      ];
    case "choice":
      return ["nosuch", 1];
    case "list":
      return [["nosuch"], "eigenvalue", [...(spec.choices ?? []), ...(spec.choices ?? [])].slice(0, 2).concat("x")];
    case "path":
      return ["", 3];
    case "permutation":
      return ["0 1 2", [0.5, 1], [-1, 0]];
    case "function":
      return [42];
  }
}

function checkSolver(id: string, schema: OptionSchema, solve: (p: QapProblem, o: object) => SolveResult) {
  assert.equal(getSolver(id).options, schema, `${id}: the registry carries the schema`);
  assert.deepEqual({ ...getSolver(id).defaults }, { ...schemaDefaults(schema) }, `${id}: defaults come from it`);
  for (const [name, spec] of Object.entries(schema)) {
    for (const value of badValues(spec)) {
      assert.throws(
        () => solve(problem, { [name]: value }),
        (e: Error) => (e instanceof RangeError || e instanceof TypeError) && e.message.includes(` ${name} must be `),
        `${id}: ${name} = ${JSON.stringify(value)} is refused naming ${name}`,
      );
    }
  }
}

Deno.test("fhg: every declared option refuses values outside its declaration; defaults and registry from FHG_OPTIONS", () => {
  checkSolver("fhg", FHG_OPTIONS, solveFactorizedHahnGrant);
  const result = solveFactorizedHahnGrant(problem, { maxIterations: 2, primalHeuristic: false });
  for (const [name, spec] of Object.entries(FHG_OPTIONS)) {
    if (spec.type !== "function" && name !== "maxIterations" && name !== "primalHeuristic") {
      assert.deepEqual(result.options[name], spec.default, name);
    }
  }
});

Deno.test("bnb: every declared option refuses values outside its declaration; its root takes fhg's primal options", () => {
  checkSolver("bnb", BNB_OPTIONS, solveBranchAndBound);
  // the root's heuristic is tunable now (it was rebuilt from fhg's defaults): a zero budget runs no repetition
  const off = solveBranchAndBound(problem, { threads: 1, heuristicRepetitions: 0 });
  assert.equal(off.optimal, true);
  assert.equal(off.info.heuristicSeconds, 0);
});

Deno.test("hg: every declared option refuses values outside its declaration; defaults and registry from HAHN_GRANT_OPTIONS", () => {
  checkSolver("hg", HAHN_GRANT_OPTIONS, solveHahnGrant);
});

Deno.test("option specs: validateOption accepts the declared values and names the option; flags are kebab-case", () => {
  const spec = option.number(0.5, "a fraction", { min: 0, max: 1, maxExclusive: true });
  validateOption("f", "share", spec, 0);
  assert.throws(
    () => validateOption("f", "share", spec, 1),
    /^RangeError: f: share must be a number in \[0, 1\), got 1$/,
  );
  validateOption("f", "ids", option.list(["a", "b"], [], "ids"), ["b", "a"]);
  assert.throws(() => validateOption("f", "ids", option.list(["a", "b"], [], "ids"), ["a", "a"]), /distinct/);
  validateOption("f", "budget", option.number<number | undefined>(undefined, "bytes", { optional: true }), undefined);
  assert.equal(optionFlag("alternateOrientation", FHG_OPTIONS.alternateOrientation), "alternate-orientation");
  assert.equal(optionFlag("onSweep", FHG_OPTIONS.onSweep), null);
  assert.ok(Object.isFrozen(schemaDefaults(FHG_OPTIONS)));
});
