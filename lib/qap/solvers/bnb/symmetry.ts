/**
 * Twin symmetry for branch and bound (docs/method.md, "Branch and bound"). Rows i and k are twins when swapping them
 * changes nothing: A[i,x] = A[k,x] for every x ∉ {i,k}, A[i,i] = A[k,k] and L[i,·] = L[k,·] (symmetric A); then
 * J(p) = J(p ∘ (i k)) for every p, so some optimal permutation sends the twins of a class to increasing columns, and the
 * search may skip every assignment that breaks that order (e.g. the facilities without flow in the esc instances: up
 * to 9! equivalent copies of each solution). Columns are twins likewise in B and L. The order is imposed on one side
 * only (rows or columns, whichever removes more copies): both at once can exclude every optimum.
 *
 * At the root, automorphisms do more: when σ maps B (and the linear columns) onto itself, J(σ ∘ p) = J(p), so the
 * children "row i → column j" for the columns j of one orbit are equivalent and one of them suffices (a grid's
 * reflections, a hypercube's vertex transitivity). With twin rows, the branching row must be no twin (re-sorting the
 * twins then leaves its column in place); rows and A likewise.
 * @module
 */
import type { PreparedInput } from "../_fhg_input.ts";

/** Twin classes of one side: `classOf[x]` is the class of row / column x, or −1 when x has no twin. */
export interface TwinOrder {
  side: "rows" | "cols";
  classOf: Int32Array;
  /** log10 of the number of equivalent copies removed (Σ log10 |class|!). */
  log10Copies: number;
}

/** The twin classes of `m` (symmetric n×n) with the linear term's rows (`linearRows`) or columns. */
function twinClasses(m: Float64Array, n: number, linear: Float64Array | null, linearRows: boolean): Int32Array {
  const classOf = new Int32Array(n).fill(-1);
  const linearEqual = (i: number, k: number) => {
    if (!linear) return true;
    for (let x = 0; x < n; x++) {
      const li = linearRows ? linear[i * n + x] : linear[x * n + i];
      const lk = linearRows ? linear[k * n + x] : linear[x * n + k];
      if (li !== lk) return false;
    }
    return true;
  };
  let next = 0;
  for (let i = 0; i < n; i++) {
    if (classOf[i] >= 0) continue;
    let members = 0;
    for (let k = i + 1; k < n; k++) {
      if (classOf[k] >= 0 || m[i * n + i] !== m[k * n + k] || m[i * n + k] !== m[k * n + i]) continue;
      let twin = true;
      for (let x = 0; x < n && twin; x++) {
        if (x !== i && x !== k && (m[i * n + x] !== m[k * n + x] || m[x * n + i] !== m[x * n + k])) twin = false;
      }
      if (twin && linearEqual(i, k)) {
        classOf[k] = next;
        members++;
      }
    }
    if (members > 0) classOf[i] = next++;
  }
  return classOf;
}

function log10Copies(classOf: Int32Array): number {
  const sizes = new Map<number, number>();
  for (const c of classOf) if (c >= 0) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  let total = 0;
  for (const size of sizes.values()) for (let k = 2; k <= size; k++) total += Math.log10(k);
  return total;
}

/** The twin order that removes the most equivalent copies, or null when neither side has twins. */
export function findTwinOrder(input: PreparedInput): TwinOrder | null {
  const rows = twinClasses(input.a, input.n, input.linear, true);
  const cols = twinClasses(input.b, input.n, input.linear, false);
  const rowCopies = log10Copies(rows), colCopies = log10Copies(cols);
  if (rowCopies === 0 && colCopies === 0) return null;
  return rowCopies >= colCopies
    ? { side: "rows", classOf: rows, log10Copies: rowCopies }
    : { side: "cols", classOf: cols, log10Copies: colCopies };
}

/** The fixed and free rows / columns of a node, in original indices. */
export interface NodeAssignment {
  /** Original row / column of each free (local) row / column. */
  rows: Int32Array;
  cols: Int32Array;
  /** Fixed rows and their columns. */
  fixedRows: Int32Array;
  fixedCols: Int32Array;
}

/**
 * True when fixing local row i to local column j of `node` can be completed in twin order: it keeps the order with
 * the fixed twins, and enough free columns (rows) lie below and above it for the free twins that must go there.
 */
export function keepsTwinOrder(order: TwinOrder, node: NodeAssignment, i: number, j: number): boolean {
  const rowSide = order.side === "rows";
  // On the column side, rows and columns swap roles.
  const mine = rowSide ? node.rows : node.cols, theirs = rowSide ? node.cols : node.rows;
  const fixedMine = rowSide ? node.fixedRows : node.fixedCols, fixedTheirs = rowSide ? node.fixedCols : node.fixedRows;
  const x = mine[rowSide ? i : j], y = theirs[rowSide ? j : i];
  const cls = order.classOf[x];
  if (cls < 0) return true;
  for (let d = 0; d < fixedMine.length; d++) {
    if (order.classOf[fixedMine[d]] === cls && (fixedMine[d] < x) !== (fixedTheirs[d] < y)) return false;
  }
  let twinsBelow = 0, twinsAbove = 0, roomBelow = 0, roomAbove = 0;
  for (const z of mine) {
    if (z !== x && order.classOf[z] === cls) z < x ? twinsBelow++ : twinsAbove++;
  }
  for (const z of theirs) if (z !== y) z < y ? roomBelow++ : roomAbove++;
  return twinsBelow <= roomBelow && twinsAbove <= roomAbove;
}

/** Most backtracking steps one automorphism search may take (a search that runs out finds nothing: sound). */
const AUTOMORPHISM_STEPS = 20_000;
/** Most backtracking steps over all searches of one matrix. */
const AUTOMORPHISM_TOTAL_STEPS = 1_000_000;

/**
 * Orbits of the automorphisms σ of the symmetric n×n matrix `m` (m[σx,σy] = m[x,y] for all x, y) that also keep
 * `sameExtra(x, σx)` (e.g. equal linear-term columns): `orbitOf[x]` is the smallest vertex of x's orbit. Found by one
 * backtracking search per candidate pair, each capped at a number of steps; a search that gives up only merges fewer
 * orbits, so every orbit found is real.
 */
export function automorphismOrbits(
  m: Float64Array,
  n: number,
  sameExtra: (x: number, y: number) => boolean,
): Int32Array {
  const parent = Int32Array.from({ length: n }, (_, k) => k);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const union = (x: number, y: number) => {
    const rx = find(x), ry = find(y);
    if (rx !== ry) parent[Math.max(rx, ry)] = Math.min(rx, ry);
  };
  // Invariant: the sorted row and the diagonal entry; only vertices with equal signatures can map to each other.
  const signature = Array.from({ length: n }, (_, x) => {
    const row = Array.from(m.subarray(x * n, x * n + n)).sort((p, q) => p - q);
    return `${m[x * n + x]}|${row.join(",")}`;
  });
  const sigma = new Int32Array(n), used = new Uint8Array(n), order = new Int32Array(n);
  let totalSteps = 0;
  const search = (x: number, y: number): boolean => {
    // vertices in order x first, then the rest; σ(x) = y
    order[0] = x;
    for (let k = 0, t = 1; k < n; k++) if (k !== x) order[t++] = k;
    used.fill(0);
    sigma.fill(-1);
    let steps = 0;
    const fits = (t: number, w: number) => {
      const v = order[t];
      if (used[w] || signature[v] !== signature[w] || !sameExtra(v, w)) return false;
      for (let s = 0; s < t; s++) if (m[v * n + order[s]] !== m[w * n + sigma[order[s]]]) return false;
      return true;
    };
    const extend = (t: number): boolean => {
      if (t === n) return true;
      if (++steps > AUTOMORPHISM_STEPS || ++totalSteps > AUTOMORPHISM_TOTAL_STEPS) return false;
      const v = order[t];
      for (let w = 0; w < n; w++) {
        if (t === 0 ? w !== y : !fits(t, w)) continue;
        if (t === 0 && (signature[v] !== signature[w] || !sameExtra(v, w))) return false;
        sigma[v] = w;
        used[w] = 1;
        if (extend(t + 1)) return true;
        used[w] = 0;
        sigma[v] = -1;
      }
      return false;
    };
    return extend(0);
  };
  for (let x = 0; x < n; x++) {
    for (let y = x + 1; y < n; y++) {
      if (find(x) === find(y) || signature[x] !== signature[y]) continue;
      if (search(x, y)) { for (let v = 0; v < n; v++) union(v, sigma[v]); }
    }
  }
  return Int32Array.from({ length: n }, (_, x) => find(x));
}

/** Orbits of rows (under automorphisms of A with the linear rows) and columns (of B with the linear columns). */
export interface RootOrbits {
  rows: Int32Array;
  cols: Int32Array;
}

/** The root orbits of a prepared problem, or null when both sides have only trivial orbits. */
export function findRootOrbits(input: PreparedInput): RootOrbits | null {
  const { n, linear } = input;
  const sameRow = (x: number, y: number) => {
    if (!linear) return true;
    for (let k = 0; k < n; k++) if (linear[x * n + k] !== linear[y * n + k]) return false;
    return true;
  };
  const sameCol = (x: number, y: number) => {
    if (!linear) return true;
    for (let k = 0; k < n; k++) if (linear[k * n + x] !== linear[k * n + y]) return false;
    return true;
  };
  const rows = automorphismOrbits(input.a, n, sameRow), cols = automorphismOrbits(input.b, n, sameCol);
  const trivial = (o: Int32Array) => o.every((r, x) => r === x);
  return trivial(rows) && trivial(cols) ? null : { rows, cols };
}
