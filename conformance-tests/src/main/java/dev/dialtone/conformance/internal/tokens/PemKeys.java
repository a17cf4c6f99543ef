package dev.dialtone.conformance.internal.tokens;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/** PEM private keys in, public keys and their PEM text out (the latter for the key-confusion attack of R1.2). */
public final class PemKeys {

    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] EC_P256_ALGORITHM = {0x30, 0x13, 0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce,
        0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};

    private PemKeys() {
    }

    /**
     * Reads a PKCS#8, PKCS#1 (RSA) or SEC1 (EC) PEM private key.
     *
     * @throws IllegalArgumentException if the text holds none
     */
    public static PrivateKey readPrivateKey(String pem) {
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException("the private key is encrypted; decrypt it first (openssl pkcs8 -in KEY "
                    + "-nocrypt -topk8)");
        }
        byte[] der;
        if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
            der = block(pem, "PRIVATE KEY");
        } else if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            der = wrap(RSA_ALGORITHM, block(pem, "RSA PRIVATE KEY"));
        } else if (pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
            der = wrap(EC_P256_ALGORITHM, block(pem, "EC PRIVATE KEY"));
        } else {
            throw new IllegalArgumentException("no PEM private key found (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or "
                    + "BEGIN EC PRIVATE KEY)");
        }
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this type
            }
        }
        throw new IllegalArgumentException("the PEM private key is neither an RSA nor an EC P-256 key");
    }

    /** The public half of an RSA (CRT) or EC private key. */
    public static PublicKey publicKeyOf(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                ECParameterSpec params = ec.getParams();
                ECPoint q = multiply(params.getGenerator(), ec.getS(), params.getCurve());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, params));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot derive the public key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("cannot derive the public key of a " + key.getAlgorithm() + " key");
    }

    /** The public key as PEM text, as a server's configuration file holds it. */
    public static String publicPem(PublicKey key) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** A private key as PKCS#8 PEM text. */
    public static String privatePem(PrivateKey key) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    private static byte[] block(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("the PEM block " + label + " is not complete");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block " + label + " is not valid base64");
        }
    }

    /** A PKCS#8 PrivateKeyInfo around a PKCS#1 or SEC1 key. */
    private static byte[] wrap(byte[] algorithm, byte[] inner) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(algorithm);
        body.write(0x04);
        body.writeBytes(length(inner.length));
        body.writeBytes(inner);
        byte[] content = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(length(content.length));
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] length(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        byte[] bytes = BigInteger.valueOf(length).toByteArray();
        int skip = bytes[0] == 0 ? 1 : 0;
        byte[] out = new byte[bytes.length - skip + 1];
        out[0] = (byte) (0x80 | (bytes.length - skip));
        System.arraycopy(bytes, skip, out, 1, bytes.length - skip);
        return out;
    }

    /** k·P on a prime curve, affine double-and-add: run once per kit run, so speed does not matter. */
    private static ECPoint multiply(ECPoint point, BigInteger k, EllipticCurve curve) {
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = point;
        for (int i = 0; i < k.bitLength(); i++) {
            if (k.testBit(i)) {
                result = add(result, addend, curve.getA(), p);
            }
            addend = add(addend, addend, curve.getA(), p);
        }
        return result;
    }

    private static ECPoint add(ECPoint a, ECPoint b, BigInteger curveA, BigInteger p) {
        if (a.equals(ECPoint.POINT_INFINITY)) {
            return b;
        }
        if (b.equals(ECPoint.POINT_INFINITY)) {
            return a;
        }
        BigInteger lambda;
        if (a.getAffineX().equals(b.getAffineX())) {
            if (a.getAffineY().add(b.getAffineY()).mod(p).signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            BigInteger x = a.getAffineX();
            lambda = x.multiply(x).multiply(BigInteger.valueOf(3)).add(curveA)
                    .multiply(a.getAffineY().shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = b.getAffineY().subtract(a.getAffineY())
                    .multiply(b.getAffineX().subtract(a.getAffineX()).modInverse(p)).mod(p);
        }
        BigInteger x = lambda.multiply(lambda).subtract(a.getAffineX()).subtract(b.getAffineX()).mod(p);
        BigInteger y = lambda.multiply(a.getAffineX().subtract(x)).subtract(a.getAffineY()).mod(p);
        return new ECPoint(x, y);
    }
}
