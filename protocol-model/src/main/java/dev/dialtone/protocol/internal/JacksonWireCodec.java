package dev.dialtone.protocol.internal;

import dev.dialtone.protocol.ClientAction;
import dev.dialtone.protocol.DecodeResult;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.WireCodec;

/** The Jackson-based implementation of {@link WireCodec}. IN PROGRESS. */
public final class JacksonWireCodec implements WireCodec {

    public static final JacksonWireCodec INSTANCE = new JacksonWireCodec();

    private JacksonWireCodec() {
    }

    @Override
    public DecodeResult<ClientAction> decodeAction(String frame) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public DecodeResult<ServerEvent> decodeEvent(String frame) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public String encode(ClientAction action) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public String encode(ServerEvent event) {
        throw new UnsupportedOperationException("in progress");
    }

    @Override
    public String encode(ServerEvent event, long seq) {
        throw new UnsupportedOperationException("in progress");
    }
}
