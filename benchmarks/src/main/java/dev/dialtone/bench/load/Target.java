package dev.dialtone.bench.load;

import java.util.List;

/**
 * What a scenario runs against: one server, or two nodes of a cluster with every caller on the first and every
 * callee on the second, so that each relayed message crosses from one node to the other. Its CPU time is that of
 * every process that serves the scenario: the node or nodes, and the cluster's Redis.
 *
 * @param name for reports
 * @param callers where callers (and the round trip's pinging user) connect
 * @param callees where callees connect; {@code callers} for one server
 * @param helpers other processes the scenario's CPU counts (a cluster's redis-server)
 */
record Target(String name, ServerProcess callers, ServerProcess callees, List<ProcessHandle> helpers) {

    static Target single(ServerProcess server) {
        return new Target(server.name, server, server, List.of());
    }

    /** CPU time (user + system) of every process that serves the scenario, so far, in nanoseconds. */
    long cpuNanos() {
        long total = callers.cpuNanos();
        if (callees != callers) {
            total += callees.cpuNanos();
        }
        for (ProcessHandle helper : helpers) {
            total += ServerProcess.cpuNanos(helper);
        }
        return total;
    }
}
