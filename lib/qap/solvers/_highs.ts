/**
 * Internal: the HiGHS MILP solver (npm `highs`, HiGHS compiled to WebAssembly) and one synchronous call that solves a
 * MILP given as sparse columns, with a time limit, an interrupt poll and progress reports.
 *
 * Loading: the WebAssembly runtime is instantiated once, by a top-level `await` when this module is first imported
 * (≈ 50 ms); every solve after that is synchronous, so solvers built on it keep the registry's synchronous signature.
 * The loader reads `highs.wasm` with `node:fs` from beside itself (`node_modules/highs/build/`), which `deno install`
 * puts there from the npm tarball (no install script involved), so a fresh clone works offline after
 * `deno install --frozen`. The runtime is single-threaded, its memory grows up to 2 GiB, and a native abort (e.g. out
 * of memory) would leave it unusable for the rest of the process — callers must refuse models that may not fit
 * (see {@link estimateMipBytes}).
 * @module
 */
import highsLoader, { type Highs } from "highs";

// The package is typed as CommonJS, so the type checker sees the default import as the module namespace; at run time
// Deno takes the package's ES entry (build/highs.mjs), whose default export is the loader function.
const loadHighs = highsLoader as unknown as () => Promise<Highs>;

/** The HiGHS runtime shared by every solve in this process. */
export const HIGHS: Highs = await loadHighs();

/** Largest WebAssembly heap the HiGHS runtime can grow to (its build's maximum memory): 2 GiB. */
export const HIGHS_HEAP_BYTES = 2 ** 31;

/** Version of the embedded HiGHS (e.g. "1.15.1"). */
export const HIGHS_VERSION: string = HIGHS.version.string;

/** A MILP in HiGHS's column-wise form: minimise offset + Σ cost·x subject to rowLower ≤ M·x ≤ rowUpper and bounds. */
export interface MipModel {
  /** Number of variables. */
  numCols: number;
  /** Number of constraints. */
  numRows: number;
  /** Constant added to the objective. */
  offset: number;
  /** Objective coefficient per variable. */
  colCost: Float64Array;
  /** Lower bound per variable. */
  colLower: Float64Array;
  /** Upper bound per variable. */
  colUpper: Float64Array;
  /** Lower bound per row (−Infinity for none). */
  rowLower: Float64Array;
  /** Upper bound per row (Infinity for none). */
  rowUpper: Float64Array;
  /** Column starts into `indices` / `values` (length numCols + 1). */
  starts: Int32Array;
  /** Row index of each nonzero. */
  indices: Int32Array;
  /** Value of each nonzero. */
  values: Float64Array;
  /** 1 for integer variables, 0 for continuous ones. */
  integrality: Int32Array;
}

/** Settings of one {@link runMip} call. */
export interface MipRunSettings {
  /** Seconds HiGHS may spend (Infinity: no limit). */
  timeLimit: number;
  /** HiGHS `random_seed`. */
  seed: number;
  /** Polled at HiGHS's interrupt points; returning true stops the solve. */
  shouldStop?: () => boolean;
  /** Called at HiGHS's interrupt points with the incumbent value, dual bound and node count. */
  onProgress?: (primal: number, dual: number, nodes: number) => void;
  /** A feasible starting point handed to HiGHS as its first incumbent. */
  start?: Float64Array;
  /** Receives HiGHS's log lines (turns `output_flag` on). */
  log?: (line: string) => void;
  /** Further HiGHS options (e.g. `mip_heuristic_effort`). */
  options?: Record<string, number | string | boolean>;
}

/** What {@link runMip} returns. */
export interface MipOutcome {
  /** "optimal", "time-limit", "interrupted", "infeasible" or HiGHS's other model status codes as text. */
  status: string;
  /** The incumbent (null when HiGHS found no feasible point). */
  solution: Float64Array | null;
  /** Objective of the incumbent (Infinity without one). */
  primal: number;
  /** HiGHS's dual (lower) bound on the optimum (−Infinity when none was established). */
  dual: number;
  /** Branch-and-bound nodes explored. */
  nodes: number;
  /** Simplex iterations (HiGHS's work measure; the MIP's LP iterations). */
  lpIterations: number;
  /** Seconds HiGHS reported for the run. */
  seconds: number;
}

const STATUS_NAMES: Record<number, string> = {
  7: "optimal",
  8: "infeasible",
  9: "unbounded-or-infeasible",
  10: "unbounded",
  13: "time-limit",
  14: "iteration-limit",
  15: "unknown",
  16: "solution-limit",
  17: "interrupted",
};

/**
 * Rough peak memory of HiGHS's MIP solve for a model of this size, in bytes: growth of the WebAssembly heap measured
 * on RLT1 QAP models (n = 12: 30 MiB for 38k nonzeros; n = 15: 106 MiB for 95k; n = 20 before its root LP finished:
 * 241 MiB for 305k — the presolved copy, the interior-point factorisation and the cut pools scale with the nonzeros),
 * with a margin.
 */
export function estimateMipBytes(numCols: number, numRows: number, nonzeros: number): number {
  return 16 * 2 ** 20 + 1500 * nonzeros + 200 * (numCols + numRows);
}

/**
 * Solves `model` with HiGHS's branch and cut, gaps set to 0 (it stops only at a proof, a limit or an interrupt).
 * Synchronous; the HiGHS instance is disposed afterwards.
 */
export function runMip(model: MipModel, settings: MipRunSettings): MipOutcome {
  const h = HIGHS.createModel({
    numCols: model.numCols,
    numRows: model.numRows,
    offset: model.offset,
    colCost: model.colCost,
    colLower: model.colLower,
    colUpper: model.colUpper,
    rowLower: model.rowLower.map((x) => (x === -Infinity ? -HIGHS.infinity : x)),
    rowUpper: model.rowUpper.map((x) => (x === Infinity ? HIGHS.infinity : x)),
    matrix: {
      format: "csc",
      numRows: model.numRows,
      numCols: model.numCols,
      starts: model.starts,
      indices: model.indices,
      values: model.values,
    },
    integrality: model.integrality,
  } as any);
  try {
    h.options.set({
      output_flag: settings.log !== undefined,
      log_to_console: false,
      mip_rel_gap: 0,
      mip_abs_gap: 0,
      random_seed: settings.seed % 2147483647,
      ...(Number.isFinite(settings.timeLimit) ? { time_limit: Math.max(settings.timeLimit, 1e-3) } : {}),
      ...settings.options,
    });
    if (settings.start) h.setSolution({ colValue: settings.start } as any);
    const { shouldStop, onProgress } = settings;
    const callbacks: Record<number, (event: any) => undefined> = {};
    if (settings.log) {
      const log = settings.log;
      callbacks[HIGHS.constants.callbackType.logging] = (event: any) => {
        log(String(event.message).trimEnd());
        return undefined;
      };
    }
    if (shouldStop || onProgress) {
      callbacks[HIGHS.constants.callbackType.mipInterrupt] = (event: any) => {
        const d = event.data;
        onProgress?.(d.mip_primal_bound ?? Infinity, d.mip_dual_bound ?? -Infinity, Number(d.mip_node_count ?? 0));
        if (shouldStop?.()) event.interrupt();
        return undefined;
      };
    }
    h.run(callbacks as any);
    const code = h.getModelStatus() as number;
    const hasSolution = Number(h.info.get("primal_solution_status")) === 2;
    const solution = hasSolution ? Float64Array.from(h.getSolution().colValue) : null;
    const primal = hasSolution ? Number(h.info.get("objective_function_value")) : Infinity;
    let dual = Number(h.info.get("mip_dual_bound"));
    if (!Number.isFinite(dual) || Math.abs(dual) >= HIGHS.infinity) dual = -Infinity;
    return {
      status: STATUS_NAMES[code] ?? `status-${code}`,
      solution,
      primal,
      dual,
      nodes: Number(h.info.get("mip_node_count")),
      lpIterations: Number(h.info.get("simplex_iteration_count")),
      seconds: h.getRunTime(),
    };
  } finally {
    h.dispose();
  }
}
