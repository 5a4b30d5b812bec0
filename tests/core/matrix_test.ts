import assert from "node:assert/strict";
import { fromRows, selectRows, toRows } from "../../lib/core/matrix.ts";

Deno.test("selectRows(m, indices) gathers rows in the given order and names a bad index", () => {
  const m = fromRows([[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(toRows(selectRows(m, [2, 0])), [[5, 6], [1, 2]]);
  assert.deepEqual(toRows(m), [[1, 2], [3, 4], [5, 6]], "input unchanged");
  assert.throws(() => selectRows(m, [0, 3]), /indices\[1\] must be in \[0, 2\], got 3/);
});
