/**
 * The one error a stack file's problems are reported with: every problem of the file at once, one per line.
 */

/** One problem in a stack file: where it is (a field path such as `nodePools[1].vmSize`) and what is wrong. */
export interface ConfigIssue {
    /** Field path inside the stack configuration, `aks-platform:` prefix left out; empty for the file itself. */
    path: string;
    /** What is wrong and what would be valid. */
    message: string;
}

/** Renders one issue as `<file>: <path>: <message>` (or `<file>: <message>` when the issue has no path). */
export function formatConfigIssue(file: string, issue: ConfigIssue): string {
    return issue.path === "" ? `${file}: ${issue.message}` : `${file}: ${issue.path}: ${issue.message}`;
}

/**
 * Thrown when a stack file cannot be read or does not describe a valid platform. Its message lists every
 * issue, one per line, each as `<file>: <path>: <message>`.
 */
export class StackConfigError extends Error {
    /** The stack file the issues are in, e.g. `Pulumi.prod.yaml`. */
    readonly file: string;
    /** Every issue found, in file order (schema issues first, then the AKS rule violations). */
    readonly issues: ConfigIssue[];

    constructor(file: string, issues: ConfigIssue[]) {
        super(issues.map((issue) => formatConfigIssue(file, issue)).join("\n"));
        this.name = "StackConfigError";
        this.file = file;
        this.issues = issues;
    }
}
