package dev.dialtone.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token sources: a shell command per user, PEM private keys, and no key material in their descriptions. */
class TokenSourceTest {

    @TempDir
    Path dir;

    @Test
    void aCommandPrintsTheTokenForAUser() {
        TokenSource tokens = TokenSource.command("printf '\\n  tok-%s  \\nsecond line\\n' {user}");
        assertEquals("tok-480193327716", tokens.issuedToken("480193327716"));
        assertEquals("tok-a b'c", tokens.issuedToken("a b'c"), "the id reaches the command as one word, unchanged");
        assertFalse(tokens.canSign());
    }

    @Test
    void aFailingCommandSaysSo() {
        TokenSource tokens = TokenSource.command("echo no token for {user} >&2; exit 3");
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> tokens.issuedToken("7"));
        assertTrue(failure.getMessage().contains("exit status 3") && failure.getMessage().contains("no token for 7"),
                failure.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TokenSource.command("mint-token"), "needs {user}");
    }

    @Test
    void pemPrivateKeysOfBothKinds() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path rsaFile = dir.resolve("rsa.pem");
        Files.writeString(rsaFile, pem("PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded()));
        assertTrue(TokenSource.privateKeyPem(rsaFile).canSign());
        assertEquals("RS256 private key", TokenSource.privateKeyPem(rsaFile).toString());

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        Path ecFile = dir.resolve("ec.pem");
        Files.writeString(ecFile, pem("PRIVATE KEY", ec.generateKeyPair().getPrivate().getEncoded()));
        assertEquals("ES256 private key", TokenSource.privateKeyPem(ecFile).toString());

        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThrows(IllegalArgumentException.class, () -> TokenSource.privateKeyPem(junk));
    }

    @Test
    void secretsAreLongEnoughAndNeverShown() {
        assertThrows(IllegalArgumentException.class, () -> TokenSource.hmacSecret("too short"));
        TokenSource tokens = TokenSource.hmacSecret("a-secret-of-at-least-thirty-two-bytes!!");
        assertFalse(tokens.toString().contains("thirty"));
        assertTrue(tokens.canSign());
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
