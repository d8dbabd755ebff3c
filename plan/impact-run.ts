/**
 * The plan's change-impact step: runs the base under the same mock runtime as the head and hands both
 * registration sets to `impact/`. One {@link BaseWorkspace} per plan run: a git revision is written out once
 * and serves every stack planned; it is removed when the run ends. See docs/change-impact.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stackFileName, type ChangeImpactSpec } from "../config";
import { analyzeImpact, impactFailures, type ImpactAnalysis } from "../impact";
import { UnknownValueError, type RegisteredResource } from "../placement";
import { InvalidObjectError } from "../scheduling/model/errors";
import { BaseRevisionError, materializeCommit, prepareBaseFile, resolveCommit, type BaseSource, type PreparedBase } from "./base-revision";
import { REPO_ROOT, StackRunFailure, type Registration } from "./mock-runtime";
import type { ImpactSection, SourceLocation } from "./report-types";

/** Runs a stack's program from a project folder (`program`: the entry module; undefined: the head's). */
export type BaseProgramRunner = (stack: string, projectDir: string, program: string | undefined) => Promise<{ registrations: Registration[] }>;

/** The base of one plan run, prepared on first use. */
export class BaseWorkspace {
    private gitBase: PreparedBase | undefined;
    private readonly fileBases: PreparedBase[] = [];

    /**
     * @param source - `--base REF` or `--base-file PATH`.
     * @param repoDir - the repository the ref is read from; defaults to the project's root.
     * @param nodeModules - the dependencies the base program runs with; defaults to the head's.
     */
    constructor(
        readonly source: BaseSource,
        private readonly repoDir = REPO_ROOT,
        private readonly nodeModules = path.join(REPO_ROOT, "node_modules"),
    ) {}

    /**
     * The base for `stack`.
     *
     * @throws BaseRevisionError when the revision or file cannot be had.
     */
    prepare(stack: string): PreparedBase {
        if (this.source.kind === "file") {
            const prepared = prepareBaseFile(this.source.path, stack);
            this.fileBases.push(prepared);
            return prepared;
        }
        if (this.gitBase === undefined) {
            const commit = resolveCommit(this.repoDir, this.source.ref);
            this.gitBase = materializeCommit(this.repoDir, this.source.ref, commit, this.nodeModules);
        }
        return this.gitBase;
    }

    /** Removes every temporary folder. */
    dispose(): void {
        this.gitBase?.dispose();
        this.gitBase = undefined;
        for (const base of this.fileBases.splice(0)) base.dispose();
    }
}

/** The base's registrations and how the report names it; no registrations when the stack did not exist there. */
export interface BaseRun {
    prepared: PreparedBase;
    registrations: Registration[];
    stackExisted: boolean;
}

/**
 * Runs the base of `stack`.
 *
 * @throws BaseRevisionError when the base cannot be had or its program fails.
 */
export async function runBase(workspace: BaseWorkspace, stack: string, run: BaseProgramRunner): Promise<BaseRun> {
    const prepared = workspace.prepare(stack);
    if (!fs.existsSync(path.join(prepared.projectDir, stackFileName(stack)))) return { prepared, registrations: [], stackExisted: false };
    try {
        const { registrations } = await run(stack, prepared.projectDir, prepared.program);
        return { prepared, registrations, stackExisted: true };
    } catch (e) {
        const cause = e instanceof StackRunFailure ? e.cause : e;
        const first = (cause instanceof Error ? cause.message : String(cause)).split("\n")[0];
        throw new BaseRevisionError(`the base ${prepared.label} does not build for stack ${stack}: ${first}; compare against a revision that builds, or give the deployed stack file with --base-file`);
    }
}

/**
 * The report's impact section from the base run and the head's registrations, under the head stack's gate
 * settings; `locate` places a change on the stack file (by the resource that changes: the head's, or the base's
 * for a deletion); `workloads` are the `--manifests` objects, placed with both revisions.
 */
export function impactSection(
    base: BaseRun,
    head: readonly Registration[],
    settings: ChangeImpactSpec,
    locate?: (resource: Registration) => SourceLocation,
    workloads: readonly RegisteredResource[] = [],
): ImpactSection {
    let analysis: ImpactAnalysis;
    try {
        analysis = analyzeImpact({ base: base.registrations, head, settings, workloads });
    } catch (e) {
        // The head's resources were placed already (the report before this): a resource the placement checks
        // cannot read is the base's, registered by an older program.
        if (!(e instanceof InvalidObjectError || e instanceof UnknownValueError)) throw e;
        throw new BaseRevisionError(`the base ${base.prepared.label} registers resources the placement checks cannot read: ${e.message.split("\n")[0]}; compare against a newer revision, or give the deployed stack file with --base-file`);
    }
    const byUrn = new Map([...base.registrations, ...head].map((r) => [r.urn, r]));
    const changes = analysis.changes.map((change) => {
        const resource = byUrn.get(change.urn);
        return locate === undefined || resource === undefined ? change : { ...change, location: locate(resource) };
    });
    const { prepared } = base;
    return {
        base: {
            label: prepared.label,
            ...(prepared.ref === undefined ? {} : { ref: prepared.ref }),
            ...(prepared.commit === undefined ? {} : { commit: prepared.commit }),
            ...(prepared.file === undefined ? {} : { file: prepared.file }),
            stackExisted: base.stackExisted,
        },
        ...analysis,
        changes,
        failures: impactFailures(analysis),
    };
}
