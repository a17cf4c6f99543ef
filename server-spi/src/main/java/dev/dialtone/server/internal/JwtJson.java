package dev.dialtone.server.internal;

import io.jsonwebtoken.io.Deserializer;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The JSON reader jjwt itself uses (found the way jjwt finds it: {@code META-INF/services}, normally
 * {@code jjwt-jackson}). The authenticator reads a token's header with it before choosing a key, and hands the same
 * instance to jjwt's parsers, so both read the header alike.
 */
public final class JwtJson {

    private JwtJson() {
    }

    /**
     * The first {@link Deserializer} service on the class path.
     *
     * @throws IllegalStateException if there is none (jjwt-jackson is missing at run time)
     */
    public static Deserializer<Map<String, ?>> deserializer() {
        return Holder.DESERIALIZER;
    }

    private static final class Holder {

        static final Deserializer<Map<String, ?>> DESERIALIZER = load();

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Deserializer<Map<String, ?>> load() {
            for (ClassLoader loader : new ClassLoader[] {JwtJson.class.getClassLoader(),
                    Thread.currentThread().getContextClassLoader()}) {
                if (loader == null) {
                    continue;
                }
                for (Deserializer found : ServiceLoader.load(Deserializer.class, loader)) {
                    return (Deserializer<Map<String, ?>>) found;
                }
            }
            throw new IllegalStateException("no jjwt JSON reader (io.jsonwebtoken.io.Deserializer) on the class path;"
                    + " add io.jsonwebtoken:jjwt-jackson as a runtime dependency");
        }
    }
}
