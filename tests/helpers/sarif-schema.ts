/**
 * The SARIF 2.1.0 JSON schema check for tests: the OASIS schema (2.1.0-rtm.5, JSON Schema draft-04) as
 * Microsoft's SARIF team ships it in @microsoft/jest-sarif, compiled with Ajv's draft-04 build and its formats.
 * The schema's own language-tag pattern is not valid as a Unicode regular expression, hence `unicodeRegExp: false`.
 */
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import schema from "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";

const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema's complaints about `log` (`/runs/0/results/3/level: must be equal to one of the allowed values`); none when valid. */
export function sarifSchemaErrors(log: unknown): string[] {
    if (validate(log)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}`);
}
