/**
 * JSON documents kept in text columns (the same on both engines). Writing checks that the value is
 * plain JSON data; non-finite numbers become null, as JSON.stringify does, which the record types
 * say (`number | null`).
 */
import { StoreError } from "./errors.js";

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Serialises `value` for a JSON column; `what` names the field in the error. */
export function toJsonText(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new StoreError("INVALID_RECORD", `${what} is not JSON data (${(cause as Error).message})`, { field: what }, { cause });
  }
  if (text === undefined) throw new StoreError("INVALID_RECORD", `${what} is not JSON data (${typeof value})`, { field: what });
  return text;
}

export function fromJsonText<T = JsonValue>(text: string): T {
  return JSON.parse(text) as T;
}
