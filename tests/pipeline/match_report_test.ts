import assert from "node:assert/strict";
import {
  checkNormalizable,
  formatMatchReport,
  matchReport,
  matchSide,
  matchTruth,
} from "../../lib/pipeline/match_report.ts";
import { blindMatch } from "../../lib/pipeline/blind_match.ts";

const rows = (n: number, dim: number, scale = 1) => ({
  rows: n,
  cols: dim,
  data: Float64Array.from({ length: n * dim }, (_, k) => scale * Math.sin(3 * k + 1)),
});

Deno.test("checkNormalizable names overflow (1e200) and underflow (1e-200) of the row norm", () => {
  checkNormalizable(rows(4, 3), "f", "--vision");
  assert.throws(
    () => checkNormalizable(rows(4, 3, 1e200), "f", "--vision"),
    /--vision row 0 overflows while normalising/,
  );
  assert.throws(
    () => checkNormalizable(rows(4, 3, 1e-200), "f", "--vision"),
    /--vision row 0 underflows while normalising/,
  );
  const zeroRow = rows(4, 3);
  zeroRow.data.fill(0, 0, 3);
  checkNormalizable(zeroRow, "f", "--vision"); // a zero row is reported by checkEmbeddingRows, not here
});

Deno.test("matchSide: plain rows are L2-normalised items; integer labels average into classes 0..C−1; names pair by name", () => {
  const plain = matchSide(rows(4, 3), null, "--vision");
  assert.equal(plain.vectors.rows, 4);
  for (let i = 0; i < 4; i++) {
    const norm = Math.hypot(...plain.vectors.data.subarray(3 * i, 3 * i + 3));
    assert.ok(Math.abs(norm - 1) < 1e-12);
  }
  const classes = matchSide(rows(6, 3), [0, 1, 2, 0, 1, 2], "--vision");
  assert.equal(classes.vectors.rows, 3);
  assert.equal(classes.integerClasses, true);
  assert.throws(() => matchSide(rows(4, 3), [0, 2, 2, 0], "--vision"), /class 1 has no rows/);
  const named = matchSide(rows(4, 3), ["cat", "dog", "cat", "owl"], "--language");
  assert.deepEqual(named.names, ["cat", "dog", "owl"]);
  assert.throws(
    () => matchSide(rows(4, 3), ["a"], "--language"),
    /--language-labels needs one label per row \(4\), got 1/,
  );
});

Deno.test("matchTruth: labels, pairing, integer classes, names, or none; malformed pairings are named", () => {
  const v = matchSide(rows(3, 3), ["b", "a", "c"], "--vision");
  const l = matchSide(rows(3, 3), ["a", "b", "c"], "--language");
  assert.deepEqual(Array.from(matchTruth(v, l, {}, 3).truth!), [1, 0, 2]);
  assert.deepEqual(Array.from(matchTruth(v, l, { pairing: [2, 0, 1] }, 3).truth!), [2, 0, 1]);
  assert.throws(() => matchTruth(v, l, { pairing: [0, 0, 1] }, 3), /language index 0 appears twice/);
  assert.throws(() => matchTruth(v, l, { pairing: [0, 1] }, 3), /needs one language index per vision item \(3\)/);
  assert.throws(
    () => matchTruth(v, l, { labels: ["x", "y", "x"] }, 3),
    /--labels: duplicate label 'x' \(items 0 and 2\)/,
  );
  assert.throws(() => matchTruth(v, l, { labels: ["x", "y", "z"], pairing: "identity" }, 3), /not both/);
  const plain = matchSide(rows(3, 3), null, "--vision");
  assert.equal(matchTruth(plain, plain, {}, 3).truth, null);
});

Deno.test("matchReport / formatMatchReport: accuracy only with a truth, a line per pair with ✓ / ✗", () => {
  const v = matchSide(rows(5, 4), null, "--vision");
  const result = blindMatch(v.vectors, v.vectors, { solver: "brute-force" });
  const truth = matchTruth(v, v, { pairing: "identity" }, 5);
  const report = matchReport(result, "gw", "brute-force", truth, null);
  assert.equal(report.accuracy, 1);
  assert.equal(report.correct, 5);
  const text = formatMatchReport(report);
  assert.equal(text.split("\n").filter((line) => line.endsWith("✓")).length, 5);
  const blind = matchReport(result, "gw", "brute-force", { truth: null, names: null }, null);
  assert.equal(blind.accuracy, null);
  assert.match(formatMatchReport(blind), /no ground truth/);
});

Deno.test("formatMatchReport: sensible numbers (no 10-digit floats), seconds to 2 decimals, the gap and 'not proven optimal'", () => {
  const v = matchSide(rows(15, 6), null, "--vision");
  const l = matchSide({ ...rows(15, 6), data: rows(15, 6).data.map((x, k) => x * Math.cos(k)) }, null, "--language");
  const result = blindMatch(v.vectors, l.vectors, { solver: "fhg", solverOptions: { maxIterations: 2 } });
  assert.equal(result.optimal, false, "two rounds prove nothing here");
  const truth = matchTruth(v, l, { pairing: "identity" }, 15);
  const report = matchReport(result, "gw", "fhg", truth, null);
  const text = formatMatchReport(report);
  const head = text.split("\n").slice(0, 6).join("\n");
  assert.doesNotMatch(head, /\d\.\d{7,}/, `no raw floats: ${head}`);
  assert.match(head, /\(max-iterations, \d+\.\d\d s\)/);
  assert.match(head, /optimality {6}not proven optimal \(gap [\d.]+ = [\d.]+ % of the cost\)/);
  assert.match(head, /random baseline 0\.0667 ± 0\.0667/);
  assert.match(text, /permutation \(0-based, vision item → language item\)/);
  // a proof says so, and which stage of auto proved it
  const proven = blindMatch(v.vectors, v.vectors, { solver: "auto" });
  const provenText = formatMatchReport(matchReport(proven, "gw", "auto", truth, null));
  assert.match(provenText, /optimality {6}proven optimal \(by (fhg|bnb)\)/);
  // no bound: says why there is no gap
  const faq = blindMatch(v.vectors, l.vectors, { solver: "faq" });
  assert.match(formatMatchReport(matchReport(faq, "gw", "faq", truth, null)), /gives no lower bound/);
});
