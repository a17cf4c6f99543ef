package dev.dialtone.bench;

import dev.dialtone.bench.jmh.CodecBenchmark;
import dev.dialtone.bench.jmh.EngineRelayBenchmark;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * CPU time per operation of the hot paths, from the thread's own CPU clock rather than the wall clock: on a machine
 * that other work keeps busy, JMH's wall-clock scores swing with the load, while CPU time per operation moves far less.
 * A development aid for before/after comparisons when the machine cannot be had quiet; JMH is the reference.
 *
 * <p>{@code java -cp dialtone-benchmarks-*-all.jar dev.dialtone.bench.CpuProbe [seconds]}
 */
public final class CpuProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuProbe() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        CodecBenchmark codec = new CodecBenchmark();
        probe("codec ice_candidate decode+encode", seconds, () -> codec.iceCandidateDecodeEncode().length());
        probe("codec ice_candidate decode", seconds, () -> codec.iceCandidateDecode().hashCode());
        probe("codec ice_candidate encode", seconds, () -> codec.iceCandidateEncode().length());
        probe("codec offer decode+encode", seconds, () -> codec.offerDecodeEncode().length());
        probe("codec start_call decode+encode", seconds, () -> codec.startCallDecodeEncode().length());
        EngineRelayBenchmark engine = new EngineRelayBenchmark();
        engine.connectAndCall();
        try {
            probe("engine relay ice_candidate", seconds, engine::relayIceCandidate);
        } finally {
            engine.shutdown();
        }
    }

    static void probe(String name, double seconds, LongSupplier op) {
        long sink = 0;
        // warm-up: two seconds of this thread's CPU time (not wall time: the machine may be busy)
        long end = THREADS.getCurrentThreadCpuTime() + 2_000_000_000L;
        while (THREADS.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 1000; i++) {
                sink += op.getAsLong();
            }
        }
        long best = Long.MAX_VALUE;
        long total = 0;
        long ops = 0;
        end = THREADS.getCurrentThreadCpuTime() + (long) (seconds * 1e9);
        while (THREADS.getCurrentThreadCpuTime() < end) {
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < 10_000; i++) {
                sink += op.getAsLong();
            }
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            best = Math.min(best, cpu);
            total += cpu;
            ops += 10_000;
        }
        System.out.printf(Locale.ROOT, "%-40s %8.0f ns CPU/op (mean), %8.0f (best batch)%s%n", name,
                (double) total / ops, best / 10_000.0, sink == 42 ? " " : "");
    }
}
