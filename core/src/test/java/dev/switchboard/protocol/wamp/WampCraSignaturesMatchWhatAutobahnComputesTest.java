package dev.switchboard.protocol.wamp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WampCraSignaturesMatchWhatAutobahnComputesTest {

    /**
     * What autobahn-js computes: {@code auth_cra.derive_key("pässword", SALT, 1000, 32)} and
     * {@code auth_cra.sign(key, CHALLENGE)}.
     */
    private static final String SALT = "Qx3mZr7TtA0vWQ2bT9sLkw";

    private static final String CHALLENGE = "{\"nonce\":\"n\"}";
    private static final String AUTOBAHN_KEY = "XW6mWTo+DZgWYe4OrZc5Ms7FKzoha9yxU+or2EY+3o4=";
    private static final String AUTOBAHN_SIGNATURE = "yjF+0gNZhazPbyp2/sduaVa2UuvB254cGf8TZ7QhUQo=";

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    /** The users-file form of the password with that salt, as the credential stores keep it. */
    private static String stored() {
        return "pbkdf2-sha256$1000$" + B64.encodeToString(SALT.getBytes(StandardCharsets.US_ASCII)) + "$"
                + B64.encodeToString(Base64.getDecoder().decode(AUTOBAHN_KEY));
    }

    @Test
    void theStoredHashIsTheKeyAutobahnDerivesFromTheSameNonAsciiPassword() {
        assertThat(PasswordHashes.verify("pässword".toCharArray(), stored())).isTrue();
        assertThat(PasswordHashes.derived(stored()).orElseThrow().salt()).isEqualTo(SALT);
    }

    @Test
    void theSignatureOfTheStoredKeyIsAutobahns() {
        byte[] key = PasswordHashes.derived(stored()).orElseThrow().key();

        assertThat(Base64.getEncoder().encodeToString(WampCra.sign(key, CHALLENGE)))
                .isEqualTo(AUTOBAHN_SIGNATURE);
        assertThat(WampCra.signedWith(key, CHALLENGE, AUTOBAHN_SIGNATURE)).isTrue();
    }

    @Test
    void anotherChallengeAWrongKeyOrMalformedBase64IsNotSigned() {
        byte[] key = PasswordHashes.derived(stored()).orElseThrow().key();
        byte[] other = key.clone();
        other[0] ^= 1;

        assertThat(WampCra.signedWith(key, "{\"nonce\":\"m\"}", AUTOBAHN_SIGNATURE))
                .isFalse();
        assertThat(WampCra.signedWith(other, CHALLENGE, AUTOBAHN_SIGNATURE)).isFalse();
        assertThat(WampCra.signedWith(key, CHALLENGE, "not base64!")).isFalse();
        assertThat(WampCra.signedWith(key, CHALLENGE, "")).isFalse();
    }
}
