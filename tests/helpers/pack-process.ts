/**
 * The policy pack as the Pulumi CLI runs it: a child process that serves the analyzer gRPC protocol and prints its
 * port on stdout. Shared by the protocol test (the pack from this repository) and the package test (the packed
 * tarball).
 */
import { spawn, type ChildProcess } from "child_process";
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";

/** A running pack and the client connected to it. */
export interface PackProcess {
    client: analyzerGrpc.AnalyzerClient;
    /** Closes the client and kills the process, waiting for it to exit. */
    stop(): Promise<void>;
}

/**
 * Starts `node <args>` in `cwd`, waits for the port it prints (within `timeoutMs`), and connects a client.
 *
 * @param label - names the process in the errors (`the packed pack`, `the pack`).
 * @throws Error with the process's stderr when it exits or times out before printing a port.
 */
export async function startPackProcess(options: { args: string[]; cwd: string; env?: NodeJS.ProcessEnv; label: string; timeoutMs: number }): Promise<PackProcess> {
    const proc: ChildProcess = spawn(process.execPath, options.args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    // Never leave the pack running, even if the test process exits before the test's afterAll.
    process.once("exit", () => proc.kill("SIGKILL"));
    let stderr = "";
    proc.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const stop = async (client?: analyzerGrpc.AnalyzerClient) => {
        client?.close();
        if (proc.exitCode === null && proc.signalCode === null) {
            const exited = new Promise((resolve) => proc.once("exit", resolve));
            proc.kill("SIGKILL");
            await exited;
        }
    };
    let port: number;
    try {
        port = await new Promise<number>((resolve, reject) => {
            let out = "";
            const seconds = options.timeoutMs / 1000;
            const timer = setTimeout(() => reject(new Error(`${options.label} printed no port within ${seconds} s; stderr: ${stderr}`)), options.timeoutMs);
            proc.stdout?.on("data", (d: Buffer) => {
                out += d.toString();
                const line = /^(\d+)\s*$/m.exec(out);
                if (line !== null) {
                    clearTimeout(timer);
                    resolve(Number(line[1]));
                }
            });
            proc.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`${options.label} exited with ${code} before printing a port; stderr: ${stderr}`));
            });
        });
    } catch (error) {
        await stop();
        throw error;
    }
    const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return { client, stop: () => stop(client) };
}

/** One unary call of the analyzer client, as a promise. */
export function callPack<Req, Res>(client: analyzerGrpc.AnalyzerClient, method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => method.call(client, req, (e, r) => (e ? reject(e) : resolve(r))));
}
