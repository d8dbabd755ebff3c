/**
 * The shared Pulumi mock harness for jest, over the plan's jest-free mock runtime (`plan/mock-runtime.ts`,
 * which holds the mock table): the same recorder and synthesised outputs, with jest's module registry.
 *
 * Two ways in:
 * - {@link installMocks}: mocks on the test file's own `@pulumi/pulumi`, for tests that build components.
 * - {@link runStack}: the whole program (`index.ts`) for one stack file, in a fresh module registry.
 */
import { REPO_ROOT, runProgram, type ModuleLoader, type StackRun } from "../../plan/mock-runtime";

export * from "../../plan/mock-runtime";

/** Jest's module registry: `resetModules` for a fresh program, `requireActual` to load past any mock. */
export const jestModuleLoader: ModuleLoader = {
    reset: () => jest.resetModules(),
    load: <T>(id: string) => jest.requireActual<T & object>(id),
};

/**
 * Runs `index.ts` under mocks for `Pulumi.<stack>.yaml` in jest's module registry (see `runProgram`).
 *
 * @param projectDir - where the stack file is; defaults to the repository root.
 * @throws StackRunFailure when the program fails; `recorder` holds what was registered.
 */
export function runStack(stack: string, projectDir = REPO_ROOT): Promise<StackRun> {
    return runProgram(stack, { projectDir, loader: jestModuleLoader });
}
