/**
 * A branch-and-bound worker thread: rebuilds the root dual state and the search from its start message, then takes
 * open nodes from the shared pool until the tree is exhausted or the run stops (lib/qap/solvers/bnb/shared_hub.ts).
 * Errors are written to the shared buffer (the calling thread may be blocked and cannot receive messages).
 * @module
 */
import { HahnGrantDualState } from "../fhg/dual_state.ts";
import { Rlt2DualState } from "../../bounds/rlt2.ts";
import { MODE_PAUSE, SharedHub } from "./shared_hub.ts";
import { rootFrame, SubtreeSearch } from "./search.ts";
import type { WorkerStart } from "./runners.ts";

// deno-lint-ignore no-explicit-any
const scope = self as any;
scope.onmessage = (event: MessageEvent<WorkerStart>) => {
  const start = event.data;
  const shared = SharedHub.attach(start.sab, start.layout);
  try {
    const hub = shared.worker(start.index);
    const state = HahnGrantDualState.fromParts(start.root);
    const search = new SubtreeSearch(
      start.input,
      start.certificate,
      rootFrame(state, start.rootRounds),
      start.settings,
      hub,
      start.rlt2Root ? Rlt2DualState.fromParts(start.rlt2Root) : null,
    );
    hub.started();
    for (;;) {
      if (search.openCount === 0) {
        const taken = hub.take(search);
        if (!taken) break;
        search.push(taken.task, taken.frame);
      }
      if (search.run() === "stopped") {
        if (shared.mode !== MODE_PAUSE) break;
        hub.pause(search);
      }
    }
    hub.finish(search);
  } catch (error) {
    shared.fail(error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error));
  }
  scope.close();
};
