package dev.dialtone.client;

import dev.dialtone.protocol.OpaqueJson;

/**
 * A call was answered: the value of {@link Call#answered()}.
 *
 * @param answer the callee's SDP answer when it was sent with the answer ({@code call_answered.answer} for an outgoing
 *     call, the one given to {@link Call#answer(OpaqueJson)} for an incoming one); null when none was
 */
public record Answered(OpaqueJson answer) {
}
