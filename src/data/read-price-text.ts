/**
 * The text of a price file, gzip or not, for readers that need more than `readPriceFile`'s one price
 * column (the importer also reads a long file's raw `close`). Same rules and errors as
 * `readPriceFile`: gzip is recognised by its magic bytes 1f 8b, the text must be UTF-8.
 */
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { MalformedPriceFileError } from "./errors.js";
import { readLocalFile } from "./read-local-file.js";

const gunzipAsync = promisify(gunzip);

export interface PriceText {
  readonly text: string;
  readonly compressed: boolean;
}

export async function readPriceText(path: string): Promise<PriceText> {
  let bytes: Uint8Array = await readLocalFile(path);
  const compressed = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (compressed) {
    try {
      bytes = await gunzipAsync(bytes);
    } catch (error) {
      throw new MalformedPriceFileError({ file: path }, `not a valid gzip stream (${(error as Error).message})`, { cause: error });
    }
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), compressed };
  } catch (error) {
    throw new MalformedPriceFileError({ file: path }, "not UTF-8 text", { cause: error });
  }
}
