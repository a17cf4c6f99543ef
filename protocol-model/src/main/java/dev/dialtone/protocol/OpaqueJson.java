package dev.dialtone.protocol;

import dev.dialtone.protocol.internal.JsonText;
import java.util.Objects;

/**
 * A JSON object the protocol carries without looking inside: an SDP offer or answer ({@code {"type":"offer","sdp":...}})
 * or an ICE candidate ({@code {"candidate":...,"sdpMid":...,"sdpMLineIndex":0}}). It round-trips without loss: every
 * member, number and string comes out as it went in.
 *
 * @param json the object's compact JSON text; never null
 */
public record OpaqueJson(String json) {

    /** Checks that {@code json} is exactly one well-formed JSON object. */
    public OpaqueJson {
        Objects.requireNonNull(json, "json");
        if (!JsonText.isVouchedFor(json)) {
            json = JsonText.requireObject(json);
        }
    }

    /** The object with this JSON text; throws {@link IllegalArgumentException} if it is not one JSON object. */
    public static OpaqueJson of(String json) {
        return new OpaqueJson(json);
    }

    @Override
    public String toString() {
        return json;
    }
}
