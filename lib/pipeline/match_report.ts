/**
 * Blind matching of user-supplied embeddings (what `deno task match` runs): each side's rows become item or class
 * vectors, the ground truth (if any) is resolved from names or a pairing, and the result of {@link blindMatch} is
 * turned into a report (JSON-ready object and text). Checks that {@link blindMatch} makes itself (equal item counts,
 * n ≥ 3, k ≤ n − 1, solver id) are left to it.
 * @module
 */
import { checkRange } from "../core/errors.ts";
import type { Matrix } from "../core/matrix.ts";
import {
  checkEmbeddingRows,
  classVectors,
  createEmbeddingSet,
  NORMALIZE_EPSILON,
  normalizeRows,
} from "../embeddings/embedding_set.ts";
import type { StoredEmbeddings } from "../embeddings/store.ts";
import type { BlindMatchResult } from "./blind_match.ts";

/** One side of a match: the vectors that enter the kernel and, when known, a name per row. */
export interface MatchSide {
  /** Item (or class) vectors, L2-normalised rows. */
  vectors: Matrix;
  /** Name of each row, or null. */
  names: string[] | null;
  /** True when rows are classes 0..C−1 given by integer labels (class c on one side is class c on the other). */
  integerClasses: boolean;
}

/**
 * Throws a RangeError when a row cannot be L2-normalised in float64: its squared norm overflows (entries near
 * 1e155 or larger) or its norm is below the guard 1e-12 of x / max(‖x‖, 1e-12) (tiny entries, e.g. 1e-200, whose
 * squares underflow). Either way every normalised row would be zero or non-unit and the kernel degenerate.
 */
export function checkNormalizable(matrix: Matrix, fn: string, name: string): void {
  const { rows, cols, data } = matrix;
  for (let i = 0; i < rows; i++) {
    let s = 0, largest = 0;
    for (let j = 0; j < cols; j++) {
      const x = data[i * cols + j];
      s += x * x;
      largest = Math.max(largest, Math.abs(x));
    }
    const norm = Math.sqrt(s);
    checkRange(
      Number.isFinite(norm),
      fn,
      `${name} row ${i} overflows while normalising rows: its squared norm exceeds the float64 range (largest |x| = ${
        largest.toExponential(3)
      }); rescale the embeddings`,
    );
    checkRange(
      largest === 0 || norm >= NORMALIZE_EPSILON,
      fn,
      `${name} row ${i} underflows while normalising rows: its norm ${
        norm.toExponential(3)
      } is below ${NORMALIZE_EPSILON} (largest |x| = ${
        largest.toExponential(3)
      }), so it cannot be scaled to unit length; rescale the embeddings`,
    );
  }
}

function checkRows(matrix: Matrix, fn: string, name: string): void {
  checkEmbeddingRows(matrix, fn, name, 1);
  checkNormalizable(matrix, fn, name);
}

/**
 * A side from a rows × dim matrix. Without labels every row is an item (L2-normalised). With one label per row, rows
 * sharing a label are averaged into a class vector (raw mean, then L2): integer labels must cover 0..C−1 (class c
 * pairs with class c); name labels give classes in order of first appearance, paired by name.
 */
export function matchSide(matrix: Matrix, labels: readonly (string | number)[] | null, name: string): MatchSide {
  const fn = "matchSide";
  checkRows(matrix, fn, name);
  if (labels === null) return { vectors: normalizeRows(matrix), names: null, integerClasses: false };
  checkRange(
    labels.length === matrix.rows,
    fn,
    `${name}-labels needs one label per row (${matrix.rows}), got ${labels.length}`,
  );
  if (labels.every((y) => typeof y === "number" || /^\d+$/.test(String(y)))) {
    const ints = labels.map(Number);
    const classCount = Math.max(...ints) + 1;
    const present = new Set(ints);
    for (let c = 0; c < classCount; c++) {
      checkRange(present.has(c), fn, `${name}-labels: class ${c} has no rows (labels must be 0..${classCount - 1})`);
    }
    return {
      vectors: classVectors(createEmbeddingSet(matrix, ints), { classCount }),
      names: null,
      integerClasses: true,
    };
  }
  const names: string[] = [];
  const index = new Map<string, number>();
  const ints = labels.map((y) => {
    const key = String(y);
    if (!index.has(key)) {
      index.set(key, names.length);
      names.push(key);
    }
    return index.get(key)!;
  });
  return { vectors: classVectors(createEmbeddingSet(matrix, ints, names)), names, integerClasses: false };
}

/** A side from an embedding-store entry: rows averaged per class, classes named by the manifest. */
export function storedSide(stored: StoredEmbeddings, name: string): MatchSide {
  checkRows(stored.set.vectors, "storedSide", name);
  return {
    vectors: classVectors(stored.set, { classCount: stored.manifest.classNames.length }),
    names: [...stored.manifest.classNames],
    integerClasses: false,
  };
}

/** Throws a RangeError naming the first repeated name (`what` says which list). */
export function checkNoDuplicates(names: readonly (string | number)[], fn: string, what: string): void {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const key = String(name);
    checkRange(!seen.has(key), fn, `${what}: duplicate label '${key}' (items ${seen.get(key)} and ${i})`);
    seen.set(key, i);
  });
}

/** Where the ground truth comes from: item names shared by both sides, or a pairing. */
export interface TruthSource {
  /** Names of the n items, row i of both sides (row i ↔ row i). */
  labels?: readonly string[];
  /** "identity", or the language index of every vision item. */
  pairing?: "identity" | readonly number[];
}

/** The ground truth (language index of every vision item, or null when unknown) and the vision-side names. */
export interface MatchTruth {
  /** truth[i] = language item of vision item i, or null. */
  truth: Int32Array | null;
  /** Display name of each vision item, or null. */
  names: string[] | null;
}

function checkPairing(pairing: readonly number[], n: number, fn: string): Int32Array {
  checkRange(
    pairing.length === n,
    fn,
    `--pairing needs one language index per vision item (${n}), got ${pairing.length}`,
  );
  const seen = new Uint8Array(n);
  pairing.forEach((j, i) => {
    checkRange(
      Number.isInteger(j) && j >= 0 && j < n,
      fn,
      `--pairing entry ${i} must be an index in [0, ${n - 1}], got ${j}`,
    );
    checkRange(!seen[j], fn, `--pairing: language index ${j} appears twice (not a one-to-one pairing)`);
    seen[j] = 1;
  });
  return Int32Array.from(pairing);
}

function pairByName(vision: string[], language: string[], fn: string): Int32Array {
  const where = new Map(language.map((name, j) => [name, j]));
  return Int32Array.from(vision, (name) => {
    const j = where.get(name);
    checkRange(j !== undefined, fn, `class '${name}' of the vision side has no language class of that name`);
    return j;
  });
}

/**
 * Resolves the ground truth of a match of n items: explicit labels or pairing first; else integer classes on both
 * sides (class c ↔ class c) or class names on both sides (paired by name); else none.
 */
export function matchTruth(vision: MatchSide, language: MatchSide, source: TruthSource, n: number): MatchTruth {
  const fn = "matchTruth";
  checkRange(source.labels === undefined || source.pairing === undefined, fn, "give --labels or --pairing, not both");
  for (const side of [vision, language]) if (side.names) checkNoDuplicates(side.names, fn, "class names");
  const identity = () => Int32Array.from({ length: n }, (_, i) => i);
  if (source.labels !== undefined) {
    checkRange(
      source.labels.length === n,
      fn,
      `--labels needs one name per item (${n}), got ${source.labels.length}`,
    );
    checkNoDuplicates(source.labels, fn, "--labels");
    return { truth: identity(), names: [...source.labels] };
  }
  if (source.pairing === "identity") return { truth: identity(), names: vision.names };
  if (source.pairing !== undefined) return { truth: checkPairing(source.pairing, n, fn), names: vision.names };
  if (vision.integerClasses && language.integerClasses) return { truth: identity(), names: null };
  if (vision.names && language.names) {
    return { truth: pairByName(vision.names, language.names, fn), names: vision.names };
  }
  return { truth: null, names: vision.names };
}

/** One matched pair of the report. */
export interface MatchPair {
  vision: number;
  language: number;
  visionName: string | null;
  languageName: string | null;
  correct: boolean | null;
}

/** What `deno task match --json` prints. Durations in seconds. */
export interface MatchReport {
  n: number;
  metric: string;
  solver: string;
  permutation: number[];
  cost: number;
  bound: number | null;
  gap: number | null;
  optimal: boolean;
  /** The stage that proved optimality (solver "auto": "fhg" or "bnb"), else null. */
  provedBy: string | null;
  status: string;
  referenceCost: number;
  accuracy: number | null;
  correct: number | null;
  randomBaseline: { mean: number; sd: number };
  seconds: number;
  pairs: MatchPair[];
}

/** The report of a finished match; `languageNames` names the language rows (null: unnamed). */
export function matchReport(
  result: BlindMatchResult,
  metric: string,
  solver: string,
  truth: MatchTruth,
  languageNames: readonly string[] | null,
): MatchReport {
  const p = result.permutation, n = p.length, t = truth.truth;
  return {
    n,
    metric,
    solver,
    permutation: Array.from(p),
    cost: result.cost,
    bound: result.bound,
    gap: result.solve.gap,
    optimal: result.optimal,
    provedBy: result.optimal && typeof result.solve.info.provedBy === "string" ? result.solve.info.provedBy : null,
    status: result.solve.status,
    referenceCost: result.referenceCost,
    accuracy: t ? result.accuracy : null,
    correct: t ? Math.round(result.accuracy * n) : null,
    randomBaseline: result.randomBaseline,
    seconds: result.solve.seconds,
    pairs: Array.from(p, (j, i) => ({
      vision: i,
      language: j,
      visionName: truth.names?.[i] ?? null,
      languageName: languageNames?.[j] ?? null,
      correct: t ? t[i] === j : null,
    })),
  };
}

/** `x` with `digits` significant digits (integers as they are), "—" for none. */
function formatValue(x: number | null, digits = 6): string {
  if (x === null) return "—";
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(digits)));
}

/** "0.42 s", "12.3 s", "4.5 min". */
function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  return `${(seconds / 60).toFixed(1)} min`;
}

/** The proof line: "proven optimal", or "not proven optimal (gap 1.12 = 0.74 %)", or why there is no gap. */
export function proofLine(r: Pick<MatchReport, "optimal" | "provedBy" | "cost" | "bound" | "gap">): string {
  if (r.optimal) return `proven optimal${r.provedBy ? ` (by ${r.provedBy})` : ""}`;
  if (r.bound === null || r.gap === null) return "not proven optimal (this solver gives no lower bound)";
  const relative = r.gap / Math.max(Math.abs(r.cost), Math.abs(r.bound));
  return `not proven optimal (gap ${formatValue(r.gap, 3)} = ${formatValue(100 * relative, 2)} % of the cost)`;
}

/**
 * The report as text: summary lines (numbers to 6 significant digits, the gap and whether the cost is proven
 * optimal), then one line per pair (✓ / ✗ when the truth is known).
 */
export function formatMatchReport(r: MatchReport): string {
  const share = (x: number) => formatValue(x, 3);
  const accuracy = r.accuracy === null
    ? `accuracy        — (no ground truth: give --labels, --pairing or labelled inputs)`
    : `accuracy        ${share(r.accuracy)} (${r.correct}/${r.n}); random baseline ${share(1 / r.n)} ± ${
      share(r.randomBaseline.sd)
    }`;
  const pair = (q: MatchPair) =>
    `  ${q.vision}${q.visionName !== null ? ` ${q.visionName}` : ""} → ${q.language}${
      q.languageName !== null ? ` ${q.languageName}` : ""
    }${q.correct === null ? "" : q.correct ? "  ✓" : "  ✗"}`;
  return [
    `n = ${r.n}, metric ${r.metric}, solver ${r.solver} (${r.status}, ${formatSeconds(r.seconds)})`,
    `cost            ${formatValue(r.cost)}`,
    `bound           ${formatValue(r.bound)}`,
    `optimality      ${proofLine(r)}`,
    `reference cost  ${formatValue(r.referenceCost)}  (Σ(K_V − K_L[p][:,p])² / n², standardised kernels)`,
    accuracy,
    `permutation (0-based, vision item → language item):`,
    ...r.pairs.map(pair),
  ].join("\n");
}
