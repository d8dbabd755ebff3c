/**
 * Colour, when it helps: on a terminal, unless the user or the environment says no. Rules, in order:
 * `--color always|never` decides; `NO_COLOR` set to anything but "" turns colour off (https://no-color.org);
 * `FORCE_COLOR` set to anything but "" or "0" turns it on (the convention Node.js itself follows); CI logs (`CI`
 * set) and `TERM=dumb` get plain text; otherwise colour only when the stream is a TTY. The reports themselves are
 * plain text with a {@link Style}: colour never changes a word.
 */

/** How text is emphasised: plain text, or ANSI SGR colour codes. */
export interface Style {
    /** Headings. */
    bold(text: string): string;
    /** A failure, a mandatory violation. */
    bad(text: string): string;
    /** A pass. */
    good(text: string): string;
    /** An advisory violation, a scenario the stack does not promise that fails. */
    warn(text: string): string;
    /** Secondary detail. */
    dim(text: string): string;
}

const identity = (text: string): string => text;

/** Text as it is. */
export const PLAIN: Style = { bold: identity, bad: identity, good: identity, warn: identity, dim: identity };

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

/** ANSI colours (SGR 1 bold, 31 red, 32 green, 33 yellow, 2 dim). */
export const COLOUR: Style = { bold: sgr(1, 22), bad: sgr(31, 39), good: sgr(32, 39), warn: sgr(33, 39), dim: sgr(2, 22) };

/** `--color`'s values, as the Pulumi CLI names them. */
export const COLOR_CHOICES = ["auto", "always", "never"] as const;

/**
 * Whether to colour a stream.
 *
 * @param choice - `--color`: `auto` (the default), `always` or `never`.
 * @param isTty - Whether the stream is a terminal.
 * @param env - The environment (`NO_COLOR`, `FORCE_COLOR`, `CI`, `TERM`).
 */
export function useColour(choice: string | undefined, isTty: boolean, env: NodeJS.ProcessEnv): boolean {
    if (choice === "always") return true;
    if (choice === "never") return false;
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
    if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
    if (env.CI !== undefined && env.CI !== "" && env.CI !== "false") return false;
    if (env.TERM === "dumb") return false;
    return isTty;
}

/** The style for a stream. */
export function styleFor(choice: string | undefined, isTty: boolean, env: NodeJS.ProcessEnv): Style {
    return useColour(choice, isTty, env) ? COLOUR : PLAIN;
}
