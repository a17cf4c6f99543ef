package dev.dialtone.server.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.CallRecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * R7.3 paging over random record sets with many equal start times: following {@code next_before} page by page
 * returns every record of the user exactly once, in the order of the in-memory reference store, and no record of
 * other users; on embedded H2 and on PostgreSQL. Each try uses users and call ids of its own in one shared database.
 */
class HistoryPagingProperties {

    private static final Instant BASE = Instant.parse("2026-11-20T10:00:00Z");
    private static final AtomicInteger TRIES = new AtomicInteger();

    private static Path h2Folder;
    private static JdbcCallRecordStore h2;
    private static JdbcCallRecordStore postgres;

    /** One call of a generated set: who calls whom, at which of a few times, and how it is written. */
    record Call(String idSuffix, int caller, int callee, int time, int writing) {
    }

    @Property(tries = 80)
    void R7_3_pagingReturnsEveryRecordOnceNewestFirstOnH2(@ForAll("calls") List<Call> calls,
            @ForAll @IntRange(min = 1, max = 6) int limit) {
        check(h2(), calls, limit);
    }

    @Property(tries = 80)
    void R7_3_pagingReturnsEveryRecordOnceNewestFirstOnPostgres(@ForAll("calls") List<Call> calls,
            @ForAll @IntRange(min = 1, max = 6) int limit) {
        check(postgres(), calls, limit);
    }

    @Provide
    Arbitrary<List<Call>> calls() {
        Arbitrary<String> suffixes = Arbitraries.strings().withChars("0123456789AZaz._~-").ofMinLength(1)
                .ofMaxLength(4);
        return Combinators.combine(suffixes, Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 4))
                .as(Call::new)
                .list().ofMaxSize(40).uniqueElements(Call::idSuffix);
    }

    private static void check(JdbcCallRecordStore store, List<Call> calls, int limit) {
        int run = TRIES.incrementAndGet();
        // Users 0 and 2 are numeric, 1 and 3 strings; all of this try's ids are its own.
        List<UserId> users = List.of(UserId.of(run * 10L), UserId.of("u" + run + "-1"), UserId.of(run * 10L + 2),
                UserId.of("u" + run + "-3"));
        CallRecordStore reference = CallRecordStore.inMemory();
        Set<CallId> live = new HashSet<>();
        for (Call call : calls) {
            CallInfo info = new CallInfo(CallId.of("p" + run + "-" + call.idSuffix()), users.get(call.caller()),
                    "caller", users.get(call.callee()), CallType.AUDIO, BASE.plusSeconds(call.time()));
            CallRecord record = new CallRecord(info.callId(), info.callerId(), info.calleeId(), info.callType(),
                    Outcome.MISSED, info.startedAt(), null, info.startedAt().plus(Duration.ofSeconds(30)), null);
            switch (call.writing()) {
                case 0 -> store.save(record);
                case 1 -> {
                    store.save(record);
                    store.save(record);
                }
                case 2 -> {
                    store.opened(info);
                    store.save(record);
                }
                case 3 -> {
                    store.save(record);
                    store.opened(info);
                }
                default -> {
                    store.opened(info); // still live: never listed
                    live.add(info.callId());
                    continue;
                }
            }
            reference.save(record);
        }
        for (UserId user : users) {
            List<CallRecord> expected = pages(reference, user, 1000);
            List<CallRecord> paged = pages(store, user, limit);
            assertEquals(expected, paged, "pages of " + user + " by " + limit);
            assertEquals(new HashSet<>(paged).size(), paged.size(), "no record twice");
            for (CallRecord record : paged) {
                if (!record.involves(user) || live.contains(record.callId())) {
                    throw new AssertionError(user + " was shown " + record);
                }
            }
        }
    }

    private static List<CallRecord> pages(CallRecordStore store, UserId user, int limit) {
        List<CallRecord> all = new ArrayList<>();
        CallId before = null;
        while (true) {
            List<CallRecord> page = store.history(user, limit, before);
            all.addAll(page);
            if (page.size() < limit) {
                return all;
            }
            before = page.get(page.size() - 1).callId();
        }
    }

    private static synchronized JdbcCallRecordStore h2() {
        if (h2 == null) {
            try {
                h2Folder = Files.createTempDirectory("dialtone-h2-paging-");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            h2 = JdbcCallRecordStore.openH2(h2Folder);
        }
        return h2;
    }

    private static synchronized JdbcCallRecordStore postgres() {
        if (postgres == null) {
            TestPostgres server = TestPostgres.shared();
            postgres = JdbcCallRecordStore.open(server.newDatabase(), TestPostgres.USER, server.password());
        }
        return postgres;
    }

    @AfterContainer
    static synchronized void closeStores() throws IOException {
        if (h2 != null) {
            h2.close();
            try (Stream<Path> files = Files.walk(h2Folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
