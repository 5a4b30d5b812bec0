/**
 * The repository root as an absolute path, found from this module's own location, so that code run from another
 * working directory (a Jupyter kernel runs in notebooks/) still finds the shipped `data/`.
 * @module
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root (two levels above lib/core/). */
export const REPOSITORY_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
