package dev.dialtone.reference.internal;

import dev.dialtone.server.JwtAuthenticator.Algorithm;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads a PEM public key ({@code -----BEGIN PUBLIC KEY-----}) and tells which JWT algorithm its type means. */
public final class PemPublicKeys {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private PemPublicKeys() {
    }

    /** A public key and the one algorithm tokens signed with its private key use. */
    public record TypedKey(PublicKey key, Algorithm algorithm) {
    }

    /**
     * Reads one key: an RSA key means RS256, an EC key ES256.
     *
     * @throws IllegalArgumentException if the text holds no such key
     */
    public static TypedKey read(String pem) {
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            if (pem.contains("-----BEGIN RSA PUBLIC KEY-----")) {
                throw new IllegalArgumentException("this is a PKCS#1 RSA key; convert it to a SubjectPublicKeyInfo "
                        + "key with: openssl rsa -RSAPublicKey_in -in KEY -pubout");
            }
            if (pem.contains("PRIVATE KEY-----")) {
                throw new IllegalArgumentException("this is a private key; give the public key (openssl pkey -in KEY "
                        + "-pubout)");
            }
            throw new IllegalArgumentException("no '" + BEGIN + "' block found");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not valid base64");
        }
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                PublicKey key = KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
                if (key instanceof RSAPublicKey) {
                    return new TypedKey(key, Algorithm.RS256);
                }
                if (key instanceof ECPublicKey) {
                    return new TypedKey(key, Algorithm.ES256);
                }
            } catch (InvalidKeySpecException e) {
                // not this type; try the next
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no " + type + " key factory", e);
            }
        }
        throw new IllegalArgumentException("the key is neither an RSA key (RS256) nor an EC key (ES256)");
    }
}
