package dev.switchboard.client.e2ee;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The building blocks of docs/e2ee.md, on the JDK's providers only. */
final class Primitives {

    /** Bytes of an AES-GCM nonce. */
    static final int NONCE_BYTES = 12;
    /** Bits of an AES-GCM tag. */
    static final int TAG_BITS = 128;
    /** Bytes of an uncompressed P-256 point: {@code 0x04 || X || Y}. */
    static final int POINT_BYTES = 65;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    // P-256 (FIPS 186-4, SEC 2 secp256r1): field prime and curve coefficients, to check a peer's point is on the curve
    // before it is used in ECDH (an invalid-curve point would leak bits of the static private key).
    private static final BigInteger P =
            new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private static final BigInteger A = P.subtract(BigInteger.valueOf(3));
    private static final BigInteger B =
            new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);

    private Primitives() {}

    static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }

    static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    static byte[] unb64(String text, String field) throws E2eeException {
        if (text == null) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, field + " is missing");
        }
        try {
            return B64_DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, field + " is not base64url");
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** HKDF-SHA-256 (RFC 5869): extract with {@code salt}, expand with {@code info} to {@code length} bytes. */
    static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length <= 0 || length > 255 * 32) {
            throw new IllegalArgumentException("HKDF length out of range: " + length);
        }
        byte[] prk = hmac(salt.length == 0 ? new byte[32] : salt, ikm);
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            block = hmac(prk, block, info, new byte[] {(byte) i});
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /** The 32-byte x coordinate of {@code ours * theirs} (what WebCrypto's {@code deriveBits(…, 256)} returns). */
    static byte[] ecdh(PrivateKey ours, PublicKey theirs) throws E2eeException {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(ours);
            agreement.doPhase(theirs, true);
            return agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "the peer's key is not a P-256 public key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDH is missing from this JDK", e);
        }
    }

    static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is missing from this JDK", e);
        }
    }

    static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) throws E2eeException {
        if (nonce.length != NONCE_BYTES || sealed.length < TAG_BITS / 8) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "nonce or ciphertext of the wrong length");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw new E2eeException(E2eeException.Reason.TAMPERED, "the message does not authenticate");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is missing from this JDK", e);
        }
    }

    /** The uncompressed encoding of a P-256 public key. */
    static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[POINT_BYTES];
        out[0] = 0x04;
        fixed(key.getW().getAffineX(), out, 1);
        fixed(key.getW().getAffineY(), out, 33);
        return out;
    }

    /** A P-256 public key from its uncompressed encoding, checked to be a point of the curve. */
    static ECPublicKey fromRaw(byte[] raw, ECParameterSpec curve) throws E2eeException {
        if (raw.length != POINT_BYTES || raw[0] != 0x04) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "a public key is 65 bytes starting with 0x04");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(raw, 1, 33));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(raw, 33, 65));
        if (x.compareTo(P) >= 0
                || y.compareTo(P) >= 0
                || !y.multiply(y)
                        .mod(P)
                        .equals(x.pow(3).add(A.multiply(x)).add(B).mod(P))) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "the public key is not a point of P-256");
        }
        try {
            return (ECPublicKey)
                    KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), curve));
        } catch (GeneralSecurityException e) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "the public key is not a P-256 key");
        }
    }

    /** The key id of a public key: base64url of the first 12 bytes of SHA-256 of its uncompressed encoding. */
    static String keyId(byte[] raw) {
        return b64(Arrays.copyOf(sha256(raw), 12));
    }

    /**
     * The associated data of a message: each field as a 4-byte big-endian length and its UTF-8 bytes, so that no two
     * different headers give the same bytes whatever characters the names hold.
     */
    static byte[] fields(String... fields) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String field : fields) {
            byte[] bytes = utf8(field);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static void fixed(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
    }
}
