package dev.dialtone.server.jdbc;

import static dev.dialtone.server.jdbc.Records.ALICE;
import static dev.dialtone.server.jdbc.Records.BOB;
import static dev.dialtone.server.jdbc.Records.CAROL;
import static dev.dialtone.server.jdbc.Records.T0;
import static dev.dialtone.server.jdbc.Records.call;
import static dev.dialtone.server.jdbc.Records.completed;
import static dev.dialtone.server.jdbc.Records.missed;
import static dev.dialtone.server.jdbc.Records.t;

import dev.dialtone.protocol.CallInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;

/**
 * The child process of {@link CrashRecoveryTest}: a server's record store on an H2 folder that writes what a server
 * writes, says so on standard output, and then waits to be killed.
 *
 * <ul>
 *   <li>{@code calls <folder>}: two finished calls, then one answered and one ringing call left open; prints
 *       {@code READY}.
 *   <li>{@code stream <folder>}: saves records {@code s-0}, {@code s-1}, ... without end, printing {@code SAVED s-N}
 *       after each save has returned.
 * </ul>
 */
public final class CrashingServer {

    private CrashingServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path folder = Path.of(args[1]);
        // The store's clock (heartbeats) stands still at T0, before every call's times, so that the last known
        // activity of an interrupted call is its own.
        JdbcCallRecordStore store = JdbcCallRecordStore.builder().h2(folder)
                .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
        if (args[0].equals("calls")) {
            store.save(completed("done-1", ALICE, BOB, t(10)));
            store.save(missed("done-2", BOB, ALICE, t(20)));
            CallInfo live = call("live", ALICE, BOB, t(30));
            store.opened(live);
            store.answered(live.callId(), t(35));
            CallInfo ringing = call("ringing", CAROL, ALICE, t(40));
            store.opened(ringing);
            store.touched(ringing.callId(), t(42));
            System.out.println("READY");
            System.out.flush();
        } else {
            for (int i = 0; ; i++) {
                CallInfo call = call("s-" + i, ALICE, BOB, t(i));
                store.opened(call);
                store.save(completed(call, t(i + 1), t(i + 2), ALICE));
                System.out.println("SAVED s-" + i);
                System.out.flush();
            }
        }
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
