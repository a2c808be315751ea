/**
 * Building blocks of the request and response schemas. Every schema here also becomes part of the
 * OpenAPI document, so descriptions are written for API users.
 */
import { z } from "zod";

/** A ticker as the store spells it: letters, digits and `. ^ = _ -` (BRK-B, ^GSPC, EURUSD=X). */
export { tickerSchema } from "../../service/request-schemas.js";

export const isoDateSchema = z.iso.date().describe("Calendar date, YYYY-MM-DD");

/** Path parameter `:id`: a positive integer (text in the URL). */
export const idParamsSchema = z.object({
  id: z.coerce.number().int().positive().max(2 ** 31 - 1).describe("Numeric id"),
});

export const finite = z.number().describe("A finite number");

/** RFC 9457 problem details, as every error is answered. */
export const problemSchema = z
  .object({
    type: z.string().describe("URI naming the kind of problem"),
    title: z.string().describe("Short summary of the kind of problem"),
    status: z.number().int(),
    detail: z.string().describe("What went wrong with this request"),
    instance: z.string().describe("The request path"),
    code: z.string().describe("Stable machine-readable code (e.g. UNKNOWN_ASSET)"),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe("Each invalid field, for validation errors"),
  })
  .describe("Problem details (RFC 9457), served as application/problem+json");

/** Error responses documented on every route (the body is always `problemSchema`). */
export function problemResponses(...statuses: number[]): Record<number, typeof problemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, problemSchema]));
}

/** A stored JSON document echoed back as the client sent it (request parameters). */
export const jsonDocumentSchema = z.unknown().describe("JSON document");
