/** Progress on stderr: only for the steps that take a second or more, announced while running or timed after. */
import { progressReporter, type ProgressClock } from "../../../plan/cli/progress";

/** A clock the test moves by hand; its timers fire when it passes them. */
function manualClock() {
    let now = 0;
    let timers: { at: number; fn: () => void }[] = [];
    const clock: ProgressClock = {
        now: () => now,
        after(ms, fn) {
            const timer = { at: now + ms, fn };
            timers.push(timer);
            return () => (timers = timers.filter((t) => t !== timer));
        },
    };
    const advance = (ms: number, timersRun = true) => {
        now += ms;
        if (!timersRun) return;
        for (const t of timers.filter((x) => x.at <= now)) t.fn();
        timers = timers.filter((x) => x.at > now);
    };
    return { clock, advance };
}

test("quick steps print nothing", () => {
    const lines: string[] = [];
    const { clock, advance } = manualClock();
    const progress = progressReporter((l) => lines.push(l), "plan: dev: ", clock);
    progress.step("reading");
    advance(300);
    progress.step("placing");
    advance(999);
    progress.done();
    expect(lines).toEqual([]);
});

test("a step still running after a second is announced, then timed when it ends", () => {
    const lines: string[] = [];
    const { clock, advance } = manualClock();
    const progress = progressReporter((l) => lines.push(l), "plan: dev: ", clock);
    progress.step("running the program under mocks");
    advance(1500);
    progress.done();
    expect(lines).toEqual(["plan: dev: running the program under mocks…", "plan: dev: running the program under mocks: done in 1.5 s"]);
});

test("a step whose timer could not fire (synchronous work) says how long it took when it ends", () => {
    const lines: string[] = [];
    const { clock, advance } = manualClock();
    const progress = progressReporter((l) => lines.push(l), "plan: prod: ", clock);
    progress.step("placement: upgrade-drain");
    advance(2300, false);
    progress.step("placement: spot-eviction");
    progress.done();
    expect(lines).toEqual(["plan: prod: placement: upgrade-drain: took 2.3 s"]);
});
