/**
 * Blind Match workspace: the public API. Re-exports only; each module documents itself.
 * @module
 */
export * from "./core/errors.ts";
export * from "./core/matrix.ts";
export * from "./core/rng.ts";
export * from "./core/permutation.ts";
export * from "./core/sum.ts";
export * from "./qap/problem.ts";
export * from "./qap/objective.ts";
export * from "./qap/result.ts";
export * from "./lap/types.ts";
export * from "./lap/shortest_path.ts";
export * from "./io/qaplib.ts";
export * from "./io/npy.ts";
export * from "./io/atomic.ts";
