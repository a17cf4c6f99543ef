package dev.dialtone.client.internal;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Opens connections for the {@link ClientCore}: the port behind which the Jakarta WebSocket container sits. */
public interface Dialer {

    /**
     * Starts a connection attempt and returns at once; never calls {@code listener} from within this method.
     *
     * @param uri where to connect, with the resume parameters already in the query
     * @param token gives the token to present; called once, off the caller's thread; may throw
     * @param listener hears what becomes of the attempt
     */
    void dial(URI uri, Callable<String> token, LinkListener listener);

    /** Releases the dialer's threads once what was queued before has run; waits at most {@code timeout}. */
    void shutdown(Duration timeout);
}
