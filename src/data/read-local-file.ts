/**
 * Reads a file the user named, turning the file system's failures into our data errors: a missing
 * path is FILE_NOT_FOUND, anything else (permissions, a directory…) FILE_UNREADABLE, both naming it.
 */
import { readFile } from "node:fs/promises";
import { FileNotFoundError, FileUnreadableError } from "./errors.js";

export async function readLocalFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT") throw new FileNotFoundError(path, { cause: error });
    throw new FileUnreadableError(path, `cannot be read (${code ?? String(error)})`, { cause: error });
  }
}
