package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Pbkdf2HashesWithTextSaltsServeChallengesTest {

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    @Test
    void aNewHashGivesItsTextSaltIterationsAndTheKeyThePasswordDerives() {
        String stored = PasswordHashes.hash("correct horse".toCharArray(), 1000);

        PasswordHashes.Derived derived = PasswordHashes.derived(stored).orElseThrow();

        String[] fields = stored.split("\\$");
        assertThat(derived.iterations()).isEqualTo(1000);
        assertThat(derived.salt()).isEqualTo(new String(Base64.getDecoder().decode(fields[2]), StandardCharsets.UTF_8));
        assertThat(derived.key()).isEqualTo(Base64.getDecoder().decode(fields[3]));
        // A hash built from the parts alone verifies the password: the key is what PBKDF2 derives from the salt text.
        String rebuilt =
                "pbkdf2-sha256$1000$" + B64.encodeToString(derived.salt().getBytes(StandardCharsets.UTF_8)) + "$"
                        + B64.encodeToString(derived.key());
        assertThat(PasswordHashes.verify("correct horse".toCharArray(), rebuilt))
                .isTrue();
    }

    @Test
    void aHashWithABinarySaltCannotServeAChallenge() {
        byte[] binary = {0x00, (byte) 0xff, 0x10, 0x41, (byte) 0x80, 0x7f, 0x20, 0x41};
        String stored = "pbkdf2-sha256$1000$" + B64.encodeToString(binary) + "$" + B64.encodeToString(new byte[32]);

        assertThat(PasswordHashes.derived(stored)).isEmpty();
    }

    @Test
    void bcryptAndDamagedValuesCannotServeAChallenge() {
        assertThat(PasswordHashes.derived(PasswordHashes.hashBcrypt("pw".toCharArray(), 4)))
                .isEmpty();
        assertThat(PasswordHashes.derived("pbkdf2-sha256$x$c2FsdA$AAAA")).isEmpty();
        assertThat(PasswordHashes.derived("pbkdf2-sha256$1000$c2FsdA")).isEmpty();
        assertThat(PasswordHashes.derived("pbkdf2-sha256$1000$c2FsdA$AAAA")).isEmpty(); // a 3-byte key
        assertThat(PasswordHashes.derived("plain-text")).isEmpty();
        assertThat(PasswordHashes.derived(null)).isEmpty();
    }
}
