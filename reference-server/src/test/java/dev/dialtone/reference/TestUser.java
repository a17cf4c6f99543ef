package dev.dialtone.reference;

import dev.dialtone.protocol.UserId;
import dev.dialtone.server.JwtTokens;
import java.net.URI;

/**
 * A test user: a fresh numeric id, its display name, and the minter of its tokens.
 *
 * @param id the numeric user id, in a {@code user_id} claim
 * @param name the display name
 * @param tokens mints the user's tokens
 */
record TestUser(long id, String name, JwtTokens tokens) {

    /** A fresh user whose tokens are {@link TestTokens#SIMPLEJWT}'s. */
    static TestUser fresh(String name) {
        return fresh(name, TestTokens.SIMPLEJWT);
    }

    /** A fresh user whose tokens {@code tokens} mints. */
    static TestUser fresh(String name, JwtTokens tokens) {
        return new TestUser(TestTokens.freshUser(), name, tokens);
    }

    String token() {
        return tokens.mint(UserId.of(id), name);
    }

    /** Connects and takes the welcome. */
    TestClient connect(URI webSocketUri) {
        return TestClient.welcomed(webSocketUri, token());
    }
}
