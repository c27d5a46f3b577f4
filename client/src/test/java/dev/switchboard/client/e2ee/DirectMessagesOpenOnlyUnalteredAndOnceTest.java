package dev.switchboard.client.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DirectMessagesOpenOnlyUnalteredAndOnceTest {

    private final IdentityKey aliceKey = IdentityKey.generate();
    private final IdentityKey bobKey = IdentityKey.generate();
    private final DirectCipher alice = new DirectCipher("alice", aliceKey);
    private final DirectCipher bob = new DirectCipher("bob", bobKey);

    private PublicIdentity published(String user, IdentityKey key) throws E2eeException {
        return PublicIdentity.of(user, key.keyId(), key.publicKey());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theRecipientReadsWhatTheSenderSealedAndTheCiphertextHidesIt() throws Exception {
        SealedDirect sealed = alice.seal(published("bob", bobKey), utf8("meet at 5, gate B"));

        assertThat(sealed.from()).isEqualTo("alice");
        assertThat(sealed.to()).isEqualTo("bob");
        assertThat(new String(Base64.getUrlDecoder().decode(sealed.ciphertext()), StandardCharsets.ISO_8859_1))
                .doesNotContain("gate");
        assertThat(bob.open(sealed, published("alice", aliceKey))).isEqualTo(utf8("meet at 5, gate B"));
    }

    @Test
    void aChangedCiphertextOrHeaderIsRefusedAsTampered() throws Exception {
        SealedDirect sealed = alice.seal(published("bob", bobKey), utf8("pay 10 EUR"));
        byte[] bytes = Base64.getUrlDecoder().decode(sealed.ciphertext());
        bytes[3] ^= 1;
        SealedDirect flipped = new SealedDirect(
                sealed.from(),
                sealed.to(),
                sealed.senderKey(),
                sealed.recipientKey(),
                sealed.counter(),
                sealed.nonce(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        SealedDirect recounted = new SealedDirect(
                sealed.from(),
                sealed.to(),
                sealed.senderKey(),
                sealed.recipientKey(),
                sealed.counter() + 1,
                sealed.nonce(),
                sealed.ciphertext());

        assertThatThrownBy(() -> bob.open(flipped, published("alice", aliceKey)))
                .isInstanceOf(E2eeException.class)
                .extracting(e -> ((E2eeException) e).reason())
                .isEqualTo(E2eeException.Reason.TAMPERED);
        assertThatThrownBy(() -> bob.open(recounted, published("alice", aliceKey)))
                .extracting(e -> ((E2eeException) e).reason())
                .isEqualTo(E2eeException.Reason.TAMPERED);
        // Forgeries did not move the counter: the real message still opens.
        assertThat(bob.open(sealed, published("alice", aliceKey))).isEqualTo(utf8("pay 10 EUR"));
    }

    @Test
    void aMessageOpensOnceAndAnOlderCounterIsRefusedAsReplayed() throws Exception {
        SealedDirect first = alice.seal(published("bob", bobKey), utf8("one"));
        SealedDirect second = alice.seal(published("bob", bobKey), utf8("two"));
        assertThat(second.counter()).isGreaterThan(first.counter());

        assertThat(bob.open(second, published("alice", aliceKey))).isEqualTo(utf8("two"));
        assertThatThrownBy(() -> bob.open(second, published("alice", aliceKey)))
                .extracting(e -> ((E2eeException) e).reason())
                .isEqualTo(E2eeException.Reason.REPLAYED);
        assertThatThrownBy(() -> bob.open(first, published("alice", aliceKey)))
                .extracting(e -> ((E2eeException) e).reason())
                .isEqualTo(E2eeException.Reason.REPLAYED);
    }

    @Test
    void aSenderRestartedWithTheSameKeyIsNotTakenForAReplay() throws Exception {
        assertThat(bob.open(alice.seal(published("bob", bobKey), utf8("before")), published("alice", aliceKey)))
                .isEqualTo(utf8("before"));
        DirectCipher restarted = new DirectCipher("alice", aliceKey);
        SealedDirect after = restarted.seal(published("bob", bobKey), utf8("after"));
        assertThat(bob.open(after, published("alice", aliceKey))).isEqualTo(utf8("after"));
    }

    @Test
    void aThirdUserCannotOpenAndAMessageForSomeoneElseIsRefused() throws Exception {
        IdentityKey malloryKey = IdentityKey.generate();
        DirectCipher mallory = new DirectCipher("mallory", malloryKey);
        SealedDirect sealed = alice.seal(published("bob", bobKey), utf8("secret"));

        assertThatThrownBy(() -> mallory.open(sealed, published("alice", aliceKey)))
                .extracting(e -> ((E2eeException) e).reason())
                .isEqualTo(E2eeException.Reason.MALFORMED);
        SealedDirect readdressed = new SealedDirect(
                sealed.from(),
                "mallory",
                sealed.senderKey(),
                malloryKey.keyId(),
                sealed.counter(),
                sealed.nonce(),
                sealed.ciphertext());
        assertThatThrownBy(() -> mallory.open(readdressed, published("alice", aliceKey)))
                .extracting(e -> ((E2eeException) e).reason())
                .isEqualTo(E2eeException.Reason.TAMPERED);
    }

    @Test
    void afterARotationMessagesSealedForTheOldKeyStillOpen() throws Exception {
        SealedDirect inFlight = alice.seal(published("bob", bobKey), utf8("old key"));
        IdentityKey bobNext = IdentityKey.generate();
        bob.rotate(bobNext);
        SealedDirect fresh = alice.seal(published("bob", bobNext), utf8("new key"));

        assertThat(fresh.recipientKey()).isEqualTo(bobNext.keyId());
        assertThat(bob.open(inFlight, published("alice", aliceKey))).isEqualTo(utf8("old key"));
        assertThat(bob.open(fresh, published("alice", aliceKey))).isEqualTo(utf8("new key"));
    }

    @Test
    void aPublishedKeyMustBeAPointOfTheCurveAndMatchItsId() {
        IdentityKey key = IdentityKey.generate();
        byte[] raw = Base64.getUrlDecoder().decode(key.publicKey());
        raw[64] ^= 1;
        String offCurve = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        assertThatThrownBy(() -> PublicIdentity.of("eve", key.keyId(), offCurve))
                .hasMessageContaining("not a point of P-256");
        assertThatThrownBy(() -> PublicIdentity.of("eve", IdentityKey.generate().keyId(), key.publicKey()))
                .hasMessageContaining("fingerprint");
        assertThatThrownBy(() -> PublicIdentity.of("eve", key.keyId(), "AAAA")).hasMessageContaining("65 bytes");
    }
}
