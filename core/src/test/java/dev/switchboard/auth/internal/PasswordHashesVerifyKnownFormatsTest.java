package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PasswordHashesVerifyKnownFormatsTest {

    /** RFC 7914 section 11: PBKDF2-HMAC-SHA256, P = "passwd", S = "salt", c = 1, dkLen = 64. */
    private static final String RFC7914_DK = "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783";

    /** A bcrypt vector of jBCrypt's test suite: "abc" at cost 6. */
    private static final String BCRYPT_ABC = "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i";

    @Test
    void hashIsSelfDescribingWithDefaultIterationsAndNoColon() {
        String stored = PasswordHashes.hash("correct horse".toCharArray());

        String[] fields = stored.split("\\$");
        assertThat(fields).hasSize(4);
        assertThat(fields[0]).isEqualTo("pbkdf2-sha256");
        assertThat(fields[1]).isEqualTo("210000");
        // The salt is text: 16 random bytes in Base64, 22 characters.
        assertThat(new String(Base64.getDecoder().decode(fields[2]), StandardCharsets.US_ASCII))
                .matches("[A-Za-z0-9+/]{22}");
        assertThat(Base64.getDecoder().decode(fields[3])).hasSize(32);
        assertThat(stored).doesNotContain(":");
        assertThat(PasswordHashes.verify("correct horse".toCharArray(), stored)).isTrue();
        assertThat(PasswordHashes.verify("correct horsf".toCharArray(), stored)).isFalse();
    }

    @Test
    void sameDigestTwiceGivesDifferentSalts() {
        assertThat(PasswordHashes.hash("pw".toCharArray(), 1000))
                .isNotEqualTo(PasswordHashes.hash("pw".toCharArray(), 1000));
    }

    @Test
    void iterationCountComesFromTheStoredValue() {
        String stored = PasswordHashes.hash("pässwörd €".toCharArray(), 1234);

        assertThat(stored).startsWith("pbkdf2-sha256$1234$");
        assertThat(PasswordHashes.verify("pässwörd €".toCharArray(), stored)).isTrue();
        assertThat(PasswordHashes.verify("passwort €".toCharArray(), stored)).isFalse();
    }

    @Test
    void pbkdf2MatchesTheRfc7914TestVector() {
        byte[] dk = HexFormat.of().parseHex(RFC7914_DK);
        String stored =
                "pbkdf2-sha256$1$" + Base64.getEncoder().withoutPadding().encodeToString("salt".getBytes()) + "$"
                        + Base64.getEncoder().withoutPadding().encodeToString(dk);

        assertThat(PasswordHashes.verify("passwd".toCharArray(), stored)).isTrue();
        assertThat(PasswordHashes.verify("passwe".toCharArray(), stored)).isFalse();
    }

    @Test
    void bcryptHashesOfOtherToolsVerifyInEveryVersion() {
        assertThat(PasswordHashes.verify("abc".toCharArray(), BCRYPT_ABC)).isTrue();
        assertThat(PasswordHashes.verify("abd".toCharArray(), BCRYPT_ABC)).isFalse();
        assertThat(PasswordHashes.verify("abc".toCharArray(), "$2b$" + BCRYPT_ABC.substring(4)))
                .isTrue();
        assertThat(PasswordHashes.verify("abc".toCharArray(), "$2y$" + BCRYPT_ABC.substring(4)))
                .isTrue();
    }

    @Test
    void bcryptHashesWrittenHereVerify() {
        String stored = PasswordHashes.hashBcrypt("s3cret".toCharArray(), 4);

        assertThat(stored).startsWith("$2b$04$").doesNotContain(":");
        assertThat(PasswordHashes.verify("s3cret".toCharArray(), stored)).isTrue();
        assertThat(PasswordHashes.verify("s3creT".toCharArray(), stored)).isFalse();
    }

    @Test
    void bcryptRefusesToHashPasswordsItWouldTruncate() {
        assertThatThrownBy(() -> PasswordHashes.hashBcrypt("x".repeat(73).toCharArray(), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("72 bytes");
    }

    @Test
    void plainTextAndUnknownFormatsNeverMatch() {
        assertThat(PasswordHashes.isSupported("secret")).isFalse();
        assertThat(PasswordHashes.verify("secret".toCharArray(), "secret")).isFalse();
        assertThat(PasswordHashes.verify("secret".toCharArray(), "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ="))
                .isFalse();
        assertThat(PasswordHashes.isSupported("$1$abc$def")).isFalse();
        assertThat(PasswordHashes.verify("x".toCharArray(), "$1$abc$def")).isFalse();
    }

    @Test
    void damagedStoredValuesNeverMatch() {
        String good = PasswordHashes.hash("pw".toCharArray(), 1000);
        String[] fields = good.split("\\$");

        assertThat(PasswordHashes.verify("pw".toCharArray(), "pbkdf2-sha256$1000$" + fields[2]))
                .isFalse();
        assertThat(PasswordHashes.verify("pw".toCharArray(), "pbkdf2-sha256$x$" + fields[2] + "$" + fields[3]))
                .isFalse();
        assertThat(PasswordHashes.verify("pw".toCharArray(), "pbkdf2-sha256$0$" + fields[2] + "$" + fields[3]))
                .isFalse();
        assertThat(PasswordHashes.verify("pw".toCharArray(), "pbkdf2-sha256$1000$!!$" + fields[3]))
                .isFalse();
        assertThat(PasswordHashes.verify("pw".toCharArray(), "pbkdf2-sha256$1000$" + fields[2] + "$AAAA"))
                .isFalse();
        assertThat(PasswordHashes.verify("pw".toCharArray(), "$2a$06$short")).isFalse();
        assertThat(PasswordHashes.verify("pw".toCharArray(), null)).isFalse();
    }

    @Test
    void emptyPasswordsNeverMatchAndCannotBeHashed() {
        assertThat(PasswordHashes.verify(new char[0], PasswordHashes.hash("pw".toCharArray(), 1000)))
                .isFalse();
        assertThatThrownBy(() -> PasswordHashes.hash(new char[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownUserCheckIsAlwaysFalseForEveryKindOfTemplate() {
        assertThat(PasswordHashes.verifyUnknownUser("pw".toCharArray(), null)).isFalse();
        assertThat(PasswordHashes.verifyUnknownUser("pw".toCharArray(), PasswordHashes.hash("pw".toCharArray(), 500)))
                .isFalse();
        assertThat(PasswordHashes.verifyUnknownUser("abc".toCharArray(), BCRYPT_ABC))
                .isFalse();
        assertThat(PasswordHashes.verifyUnknownUser(new char[0], "plain")).isFalse();
    }

    @Test
    void unknownUserCheckCostsAboutAsMuchAsARealOne() {
        String stored = PasswordHashes.hash("pw".toCharArray(), 100_000);
        PasswordHashes.verifyUnknownUser("warm".toCharArray(), stored);
        PasswordHashes.verify("warm".toCharArray(), stored);

        long real = Long.MAX_VALUE;
        long unknown = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            PasswordHashes.verify("wrong".toCharArray(), stored);
            real = Math.min(real, System.nanoTime() - start);
            start = System.nanoTime();
            PasswordHashes.verifyUnknownUser("wrong".toCharArray(), stored);
            unknown = Math.min(unknown, System.nanoTime() - start);
        }

        // Same work, so the fastest runs agree within a wide margin on a busy machine; a skipped check would be
        // orders of magnitude faster.
        assertThat(unknown).isGreaterThan(real / 4);
    }
}
