#!/usr/bin/python3
"""Executes notebooks with nbclient (Debian python3-nbclient) and saves executed copies; run with /usr/bin/python3.

The Deno kernel (2.9) sometimes reports `idle` before it publishes a cell's `execute_result` (seen on the first cells
of a fresh kernel): plain nbclient stops reading at `idle` and loses that output. `LateOutputClient` keeps reading
the cell's messages for a short grace period after `idle` (nbclient's own message handling, one extra loop).

Usage: execute_notebooks.py --output-dir DIR [--timeout S] NOTEBOOK...
Each notebook runs in its own kernel (the notebook's kernelspec; set JUPYTER_PATH so that "deno" is found) in the
notebook's folder. One line per cell on stderr. Exit status: 0 all ran; 1 a cell raised (the line names notebook,
cell and error; the partial copy is still written); 2 usage errors or a kernel that does not start.
"""
import argparse
import os
import sys
import time

try:
    import queue
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionComplete, CellExecutionError, DeadKernelError
    from nbclient.util import ensure_async
except ImportError as exc:  # pragma: no cover
    sys.stderr.write(f"execute_notebooks: needs python3-nbclient and python3-nbformat: {exc}\n")
    sys.exit(2)

GRACE_SECONDS = 0.3


class LateOutputClient(NotebookClient):
    """nbclient that also keeps a cell's outputs published up to GRACE_SECONDS after the kernel reported idle."""

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if msg["parent_header"].get("msg_id") != parent_msg_id:
                continue
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                break
        deadline = time.monotonic() + GRACE_SECONDS
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=left))
            except queue.Empty:
                return
            if msg["parent_header"].get("msg_id") == parent_msg_id and msg["msg_type"] != "status":
                self.process_message(msg, cell, cell_index)
                deadline = time.monotonic() + GRACE_SECONDS


def run(path, output_dir, timeout):
    nb = nbformat.read(path, as_version=4)
    name = os.path.basename(path)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    started = {}

    def on_start(cell, cell_index):
        started[cell_index] = time.monotonic()

    def on_done(cell, cell_index, **_):
        seconds = time.monotonic() - started.get(cell_index, time.monotonic())
        sys.stderr.write(f"  {name}: cell {cell_index + 1} ({code.index(cell_index) + 1}/{len(code)} code) {seconds:.1f} s\n")

    client = LateOutputClient(
        nb,
        timeout=timeout,
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "deno"),
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_start=on_start,
        on_cell_executed=on_done,
    )
    status = 0
    try:
        client.execute(env={**os.environ, "NO_COLOR": "1"})
    except CellExecutionError as exc:
        failed = [i for i, c in enumerate(nb.cells) if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
        where = f"cell {failed[0] + 1}" if failed else "a cell"
        summary = str(exc).strip().splitlines()
        sys.stderr.write(f"FAILED {path}: {where}: {summary[-1] if summary else exc}\n")
        status = 1
    except (DeadKernelError, RuntimeError, TimeoutError) as exc:
        sys.stderr.write(f"FAILED {path}: kernel: {exc}\n")
        status = 2
    os.makedirs(output_dir, exist_ok=True)
    nbformat.write(nb, os.path.join(output_dir, name))
    return status


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", required=True)
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    worst = 0
    for path in args.notebooks:
        if not os.path.exists(path):
            sys.stderr.write(f"execute_notebooks: no such notebook: {path}\n")
            return 2
        worst = max(worst, run(path, args.output_dir, args.timeout))
    return worst


if __name__ == "__main__":
    sys.exit(main())
