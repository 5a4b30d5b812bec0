/**
 * Atomic file writes: write a temp file beside the target, then rename, so an interrupted run never leaves a
 * half-written file under the final name.
 * @module
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Writes `content` to `path` atomically, creating parent folders. */
export function writeFileAtomic(path: string, content: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${Deno.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
