/**
 * The solver registry: id → solver function and facts about it; `solveQap(problem, {method, ...})` dispatches.
 * @module
 */
import type { QapProblem } from "./problem.ts";
import type { SolveResult } from "./result.ts";

/** What the registry knows about a solver. */
export interface SolverSpec {
  /** Stable id used by the CLI and tables. */
  id: string;
  /** One-line description. */
  description: string;
  /** The solver. */
  solve: (problem: QapProblem, options?: any) => SolveResult;
  /** Frozen defaults of the solver's own options. */
  defaults: Readonly<Record<string, unknown>>;
  /** True when the solver proves optimality (brute force). */
  exact: boolean;
  /** True when results carry a lower bound. */
  providesBound: boolean;
  /** True when the solver accepts asymmetric A or B. */
  acceptsAsymmetric: boolean;
  /** Largest n the solver accepts (Infinity if none). */
  maxN: number;
}

/** All registered solvers, in display order. Each solver module adds its spec here. */
export const SOLVERS: readonly SolverSpec[] = [
];

/** Ids of the registered solvers. */
export const SOLVER_IDS: readonly string[] = SOLVERS.map((s) => s.id);

/** Looks up a solver by id; throws a RangeError listing the ids otherwise. */
export function getSolver(id: string): SolverSpec {
  const spec = SOLVERS.find((s) => s.id === id);
  if (!spec) throw new RangeError(`unknown solver '${id}' (available: ${SOLVER_IDS.join(", ")})`);
  return spec;
}

/** Solves `problem` with the solver named by `options.method`; other options go to that solver. */
export function solveQap(problem: QapProblem, options: { method: string } & Record<string, unknown>): SolveResult {
  const { method, ...rest } = options;
  return getSolver(method).solve(problem, rest);
}
