/**
 * Atomic file writes: write a temp file beside the target, then rename, so an interrupted run never leaves a
 * half-written file under the final name; {@link checkWritable} tells before long work whether such a write can succeed.
 * @module
 */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
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

/**
 * Throws a one-line Error (`code` ENOTDIR, EISDIR, EACCES, EROFS, …, the message naming `path`) unless
 * {@link writeFileAtomic} can write `path`: its folder exists or can be made, a file can be created in it, and `path`
 * is not a folder. Leaves nothing behind but the folders it made. Call it before long work whose result goes there.
 *
 *   checkWritable("runs/nug20.ckpt.json"); // before a search that checkpoints there
 */
export function checkWritable(path: string): void {
  const fail = (why: string, code: string, cause?: unknown): never => {
    throw Object.assign(new Error(`cannot write ${path || "''"}: ${why}`, { cause }), { code });
  };
  if (path === "" || path.endsWith("/")) fail("a file name is needed, not a folder", "EISDIR");
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch { /* absent: fine */ }
  if (isFolder) fail("it is a folder", "EISDIR");
  const probe = `${path}.${Deno.pid}.writable-probe.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(probe, "");
  } catch (error) {
    const code = (error as { code?: string }).code ?? "EACCES";
    const why: Record<string, string> = {
      ENOTDIR: "a part of the path is a file, not a folder",
      EEXIST: "a part of the path is a file, not a folder",
      EACCES: "permission denied",
      EPERM: "permission denied",
      EROFS: "read-only file system",
      ENOSPC: "no space left on the device",
      ENAMETOOLONG: "the name is too long",
      ENOENT: "no file can be created there",
    };
    fail(why[code] ?? (error as Error).message, code, error);
  } finally {
    try {
      rmSync(probe, { force: true });
    } catch { /* never created */ }
  }
}
