package dev.dialtone.conformance.teeth;

import java.net.URI;

/** Broken (and unbroken) servers for the kit's other tests. */
public final class BrokenServers {

    /** The HS256 secret of every server here. */
    public static final String SECRET = Faults.SECRET;

    private BrokenServers() {
    }

    /** A running server. */
    public interface Server extends AutoCloseable {
        /** Its WebSocket URL. */
        URI uri();

        @Override
        void close();
    }

    /** The reference server, unbroken, with a 1500 ms ring timeout and an 800 ms resume grace. */
    public static Server reference() throws Exception {
        return wrap(Faults.reference(Faults.engine()));
    }

    /** The reference engine that never sends call_missed. */
    public static Server neverSendsCallMissed() throws Exception {
        return wrap(Faults.all().get(0).starter().start());
    }

    /** The reference engine behind the kit's own endpoint adapter, with no fault (the control of the wrappers). */
    public static Server faultFreeWrapper() throws Exception {
        return wrap(Faults.wrapped(Faults.engine(), () -> new FaultyServer.Wrapper() { }));
    }

    /** The broken server whose fault's name starts with {@code name}. */
    public static Server fault(String name) throws Exception {
        for (Faults.Fault fault : Faults.all()) {
            if (fault.name().startsWith(name)) {
                return wrap(fault.starter().start());
            }
        }
        throw new IllegalArgumentException("no fault " + name);
    }

    private static Server wrap(Faults.Running running) {
        return new Server() {
            @Override
            public URI uri() {
                return running.uri();
            }

            @Override
            public void close() {
                running.close();
            }
        };
    }
}
