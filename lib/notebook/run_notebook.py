#!/usr/bin/python3
"""Headless notebook runner for the Deno Jupyter kernel (run with /usr/bin/python3).

Executes every code cell of each notebook in one kernel per notebook and saves the executed copy. Unlike
`jupyter nbconvert --execute`, it never loses outputs that the Deno kernel publishes after reporting `idle`:
every iopub message is routed to its cell by `parent_header.msg_id` (including late ones for earlier cells),
and the channel is drained until it has been quiet for a grace period before the kernel shuts down.

Exit status: 0 when all notebooks ran; 1 when a cell raised (the message names notebook, cell number and the
error; the partial notebook is still written); 2 for usage errors or a kernel that does not start.

Usage: run_notebook.py [--output-dir DIR | --output FILE] [--timeout S] [--grace S] [--kernel NAME] NOTEBOOK...
The kernel runs in the notebook's folder with NO_COLOR=1. Set JUPYTER_PATH so that the kernelspec is found.
"""
import argparse
import os
import queue
import sys
import time

try:
    import nbformat
    from jupyter_client.manager import KernelManager
except ImportError as exc:  # pragma: no cover
    sys.stderr.write(f"run_notebook: needs jupyter-client and nbformat (apt-get install jupyter-client jupyter-nbconvert): {exc}\n")
    sys.exit(2)


class CellError(Exception):
    """A cell raised an error in the kernel."""


def output_from_message(msg):
    """Converts one iopub message into an nbformat output (or None)."""
    kind = msg["header"]["msg_type"]
    content = msg["content"]
    if kind == "stream":
        return nbformat.v4.new_output("stream", name=content.get("name", "stdout"), text=content.get("text", ""))
    if kind == "display_data":
        out = nbformat.v4.new_output("display_data", data=content.get("data", {}), metadata=content.get("metadata", {}))
        display_id = content.get("transient", {}).get("display_id")
        if display_id:
            out.setdefault("metadata", {})
        return out
    if kind == "execute_result":
        return nbformat.v4.new_output(
            "execute_result",
            data=content.get("data", {}),
            metadata=content.get("metadata", {}),
            execution_count=content.get("execution_count"),
        )
    if kind == "error":
        return nbformat.v4.new_output(
            "error", ename=content.get("ename", ""), evalue=content.get("evalue", ""), traceback=content.get("traceback", [])
        )
    return None


class CellState:
    """Outputs and status of one executing cell."""

    def __init__(self, index, cell):
        self.index = index
        self.cell = cell
        self.outputs = []
        self.idle = False
        self.replied = False
        self.reply_status = None
        self.execution_count = None
        self.error = None
        self.clear_pending = False

    def add(self, msg):
        kind = msg["header"]["msg_type"]
        content = msg["content"]
        if kind == "status":
            if content.get("execution_state") == "idle":
                self.idle = True
            return
        if kind == "execute_input":
            self.execution_count = content.get("execution_count", self.execution_count)
            return
        if kind == "clear_output":
            if content.get("wait"):
                self.clear_pending = True
            else:
                self.outputs = []
            return
        out = output_from_message(msg)
        if out is None:
            return
        if self.clear_pending:
            self.outputs = []
            self.clear_pending = False
        if kind == "error":
            self.error = content
        if kind == "execute_result":
            self.execution_count = content.get("execution_count", self.execution_count)
        # merge consecutive stream outputs of the same name (as Jupyter front ends do)
        if out["output_type"] == "stream" and self.outputs:
            last = self.outputs[-1]
            if last["output_type"] == "stream" and last["name"] == out["name"]:
                last["text"] += out["text"]
                return
        self.outputs.append(out)


def label(state):
    lines = [l.strip() for l in state.cell.source.splitlines()]
    first = next((l for l in lines if any(ch.isalnum() for ch in l)), lines[0] if lines else "")
    return f"cell {state.index + 1} ({first[:60]!r})"


def run_notebook(path, output, kernel, timeout, grace, log):
    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    cwd = os.path.dirname(os.path.abspath(path))
    km = KernelManager(kernel_name=kernel)
    km.start_kernel(cwd=cwd, env=env)
    kc = km.client()
    kc.start_channels()
    states = {}
    failure = None
    try:
        kc.wait_for_ready(timeout=120)
        last_message = time.monotonic()

        def pump(wait):
            """Reads one message from iopub or shell (waiting up to `wait` s); routes it. Returns True if one came."""
            nonlocal last_message
            got = False
            try:
                msg = kc.get_iopub_msg(timeout=wait)
                got = True
                parent = msg.get("parent_header", {}).get("msg_id")
                if parent in states:
                    states[parent].add(msg)
            except queue.Empty:
                pass
            while True:
                try:
                    reply = kc.get_shell_msg(timeout=0)
                except queue.Empty:
                    break
                got = True
                parent = reply.get("parent_header", {}).get("msg_id")
                if parent in states:
                    st = states[parent]
                    st.replied = True
                    st.reply_status = reply["content"].get("status")
                    st.execution_count = reply["content"].get("execution_count", st.execution_count)
                    if st.reply_status == "error" and st.error is None:
                        st.error = reply["content"]
            if got:
                last_message = time.monotonic()
            return got

        code_cells = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        for i, cell in code_cells:
            cell.outputs = []
            cell.execution_count = None
        for i, cell in code_cells:
            if not cell.source.strip():
                continue
            msg_id = kc.execute(cell.source, store_history=True, allow_stdin=False, stop_on_error=True)
            state = CellState(i, cell)
            states[msg_id] = state
            started = time.monotonic()
            while not (state.idle and state.replied):
                pump(0.05)
                if time.monotonic() - started > timeout:
                    km.interrupt_kernel()
                    failure = f"{label(state)} timed out after {timeout:.0f} s"
                    break
            log(f"  {label(state)}: {time.monotonic() - started:.1f} s, {len(state.outputs)} output(s)")
            if failure:
                break
            if state.error is not None or state.reply_status == "error":
                err = state.error or {}
                failure = f"{label(state)} raised {err.get('ename', 'an error')}: {err.get('evalue', '')}"
                break
        # drain late messages (outputs published after idle) until quiet for `grace` seconds
        deadline = time.monotonic() + max(10 * grace, 5)
        while time.monotonic() - last_message < grace and time.monotonic() < deadline:
            pump(0.05)
    finally:
        for state in states.values():
            state.cell.outputs = state.outputs
            state.cell.execution_count = state.execution_count
        try:
            kc.stop_channels()
        finally:
            km.shutdown_kernel(now=False)
    for state in states.values():
        if state.error is not None and failure is None:
            err = state.error
            failure = f"{label(state)} raised {err.get('ename', 'an error')}: {err.get('evalue', '')}"
    spec = km.kernel_spec
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": spec.display_name if spec else kernel, "language": spec.language if spec else ""}
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    tmp = output + ".tmp"
    nbformat.write(nb, tmp)
    os.replace(tmp, output)
    return failure


def main(argv=None):
    parser = argparse.ArgumentParser(description="Execute notebooks in the Deno kernel, keeping every output.")
    parser.add_argument("notebooks", nargs="+")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--output-dir", help="folder for executed copies (same file names)")
    group.add_argument("--output", help="output file (single notebook only)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per cell (default 600)")
    parser.add_argument("--grace", type=float, default=1.5, help="quiet seconds before shutdown (default 1.5)")
    parser.add_argument("--kernel", default="deno")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.output and len(args.notebooks) != 1:
        parser.error("--output needs exactly one notebook")

    def log(text):
        if not args.quiet:
            sys.stderr.write(text + "\n")
            sys.stderr.flush()

    failures = []
    for path in args.notebooks:
        if args.output:
            output = args.output
        elif args.output_dir:
            output = os.path.join(args.output_dir, os.path.basename(path))
        else:
            output = path
        log(f"{path} -> {output}")
        started = time.monotonic()
        try:
            failure = run_notebook(path, output, args.kernel, args.timeout, args.grace, log)
        except Exception as exc:  # kernel did not start, notebook unreadable
            sys.stderr.write(f"run_notebook: {path}: {type(exc).__name__}: {exc}\n")
            return 2
        if failure:
            failures.append(f"{path}: {failure}")
            sys.stderr.write(f"run_notebook: FAILED {path}: {failure}\n")
        else:
            log(f"  ok in {time.monotonic() - started:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
