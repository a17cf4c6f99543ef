package dev.dialtone.server.jdbc.internal;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.UserId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Converting between records and rows of {@code dialtone_call_records}. */
final class Rows {

    /** The columns {@link #record} and {@link #openCall} read, in this order, from a table aliased {@code r}. */
    static final String COLUMNS = "r.call_id, r.caller_id, r.caller_numeric, r.callee_id, r.callee_numeric, "
            + "r.call_type, r.outcome, r.started_at, r.answered_at, r.ended_at, r.ended_by, r.ended_by_numeric, "
            + "r.last_activity";

    private Rows() {
    }

    /**
     * The time as stored: both databases keep microseconds, so the store keeps that much of every time it writes, and
     * compares and orders by what it stored.
     */
    static Instant stored(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    static void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        if (time == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(stored(time), ZoneOffset.UTC));
        }
    }

    static Instant time(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Sets a user id as its text (at {@code index}) and its JSON type (at {@code index + 1}); null sets both null. */
    static void setUser(PreparedStatement statement, int index, UserId user) throws SQLException {
        if (user == null) {
            statement.setNull(index, Types.VARCHAR);
            statement.setNull(index + 1, Types.BOOLEAN);
        } else {
            statement.setString(index, user.value());
            statement.setBoolean(index + 1, user.numeric());
        }
    }

    static UserId user(ResultSet row, String column, String numericColumn) throws SQLException {
        String text = row.getString(column);
        return text == null ? null : new UserId(text, row.getBoolean(numericColumn));
    }

    /** The record of a closed row. */
    static CallRecord record(ResultSet row) throws SQLException {
        String outcome = row.getString("outcome");
        if (outcome == null) {
            throw new IllegalStateException("call " + row.getString("call_id") + " is still open");
        }
        return new CallRecord(CallId.of(row.getString("call_id")), caller(row), callee(row), callType(row),
                Outcome.fromWire(outcome).orElseThrow(
                        () -> new IllegalStateException("unknown outcome '" + outcome + "' in the database")),
                time(row, "started_at"), time(row, "answered_at"), time(row, "ended_at"),
                user(row, "ended_by", "ended_by_numeric"));
    }

    /**
     * The record an open row becomes when its process is gone (R7.5): outcome interrupted, ended at its last known
     * activity, and never before its start or answer.
     *
     * @param lastSeen when the owning process was last known alive (its last heartbeat); null if unknown
     */
    static CallRecord interrupted(ResultSet row, Instant lastSeen) throws SQLException {
        Instant startedAt = time(row, "started_at");
        Instant answeredAt = time(row, "answered_at");
        Instant endedAt = latest(latest(time(row, "last_activity"), lastSeen), latest(startedAt, answeredAt));
        return new CallRecord(CallId.of(row.getString("call_id")), caller(row), callee(row), callType(row),
                Outcome.INTERRUPTED, startedAt, answeredAt, stored(endedAt), null);
    }

    private static UserId caller(ResultSet row) throws SQLException {
        return user(row, "caller_id", "caller_numeric");
    }

    private static UserId callee(ResultSet row) throws SQLException {
        return user(row, "callee_id", "callee_numeric");
    }

    private static CallType callType(ResultSet row) throws SQLException {
        String type = row.getString("call_type");
        return CallType.fromWire(type).orElseThrow(
                () -> new IllegalStateException("unknown call type '" + type + "' in the database"));
    }

    static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
