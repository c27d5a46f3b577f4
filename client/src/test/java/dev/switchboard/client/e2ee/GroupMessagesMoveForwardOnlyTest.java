package dev.switchboard.client.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GroupMessagesMoveForwardOnlyTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static E2eeException.Reason reason(Throwable e) {
        return ((E2eeException) e).reason();
    }

    /** A clock the test moves. */
    private static final class Hand extends Clock {
        long millis = 1_000_000;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private final Hand clock = new Hand();
    private final GroupReceiver bob = new GroupReceiver(Duration.ofSeconds(60), clock);

    @Test
    void membersReadInOrderOutOfOrderButNeverTwice() throws Exception {
        SenderKey alice = SenderKey.create("ops", "alice");
        bob.accept(alice.distribution());
        SealedGroup m0 = alice.seal(utf8("m0"));
        SealedGroup m1 = alice.seal(utf8("m1"));
        SealedGroup m2 = alice.seal(utf8("m2"));

        assertThat(bob.open(m0)).isEqualTo(utf8("m0"));
        assertThat(bob.open(m2)).isEqualTo(utf8("m2"));
        assertThat(bob.open(m1)).isEqualTo(utf8("m1"));
        for (SealedGroup again : new SealedGroup[] {m0, m1, m2}) {
            assertThatThrownBy(() -> bob.open(again))
                    .extracting(GroupMessagesMoveForwardOnlyTest::reason)
                    .isEqualTo(E2eeException.Reason.REPLAYED);
        }
    }

    @Test
    void aMemberGivenTheKeyLaterCannotReadEarlierMessages() throws Exception {
        SenderKey alice = SenderKey.create("ops", "alice");
        SealedGroup before = alice.seal(utf8("before you joined"));
        bob.accept(alice.distribution());
        SealedGroup after = alice.seal(utf8("welcome"));

        assertThatThrownBy(() -> bob.open(before))
                .extracting(GroupMessagesMoveForwardOnlyTest::reason)
                .isEqualTo(E2eeException.Reason.REPLAYED);
        assertThat(bob.open(after)).isEqualTo(utf8("welcome"));
    }

    @Test
    void anAlteredMessageIsRefusedAndLeavesTheChainWhereItWas() throws Exception {
        SenderKey alice = SenderKey.create("ops", "alice");
        bob.accept(alice.distribution());
        SealedGroup m0 = alice.seal(utf8("m0"));
        SealedGroup m1 = alice.seal(utf8("m1"));
        byte[] bytes = Base64.getUrlDecoder().decode(m1.ciphertext());
        bytes[0] ^= 1;
        SealedGroup forged = new SealedGroup(
                m1.group(),
                m1.from(),
                m1.keyId(),
                m1.counter(),
                m1.nonce(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        SealedGroup otherSender =
                new SealedGroup(m0.group(), "mallory", m0.keyId(), m0.counter(), m0.nonce(), m0.ciphertext());

        assertThatThrownBy(() -> bob.open(forged))
                .extracting(GroupMessagesMoveForwardOnlyTest::reason)
                .isEqualTo(E2eeException.Reason.TAMPERED);
        assertThatThrownBy(() -> bob.open(otherSender))
                .extracting(GroupMessagesMoveForwardOnlyTest::reason)
                .isEqualTo(E2eeException.Reason.UNKNOWN_KEY);
        assertThat(bob.open(m0)).isEqualTo(utf8("m0"));
        assertThat(bob.open(m1)).isEqualTo(utf8("m1"));
    }

    @Test
    void aCounterTooFarAheadIsRefused() throws Exception {
        SenderKey alice = SenderKey.create("ops", "alice");
        bob.accept(alice.distribution());
        SealedGroup m0 = alice.seal(utf8("m0"));
        SealedGroup farAhead = new SealedGroup(
                m0.group(), m0.from(), m0.keyId(), GroupReceiver.MAX_SKIP + 5L, m0.nonce(), m0.ciphertext());

        assertThatThrownBy(() -> bob.open(farAhead))
                .extracting(GroupMessagesMoveForwardOnlyTest::reason)
                .isEqualTo(E2eeException.Reason.MALFORMED);
    }

    @Test
    void afterARotationThePreviousKeyIsReadOnlyDuringTheTransition() throws Exception {
        SenderKey first = SenderKey.create("ops", "alice");
        bob.accept(first.distribution());
        SealedGroup late = first.seal(utf8("sent just before the rotation"));
        SealedGroup later = first.seal(utf8("arrives after the transition"));
        SenderKey second = SenderKey.create("ops", "alice");
        bob.accept(second.distribution());

        assertThat(bob.open(late)).isEqualTo(utf8("sent just before the rotation"));
        assertThat(bob.open(second.seal(utf8("new key")))).isEqualTo(utf8("new key"));
        clock.millis += 61_000;
        assertThatThrownBy(() -> bob.open(later))
                .extracting(GroupMessagesMoveForwardOnlyTest::reason)
                .isEqualTo(E2eeException.Reason.UNKNOWN_KEY);
    }

    @Test
    void aMemberWhoLeftIsForgotten() throws Exception {
        SenderKey alice = SenderKey.create("ops", "alice");
        bob.accept(alice.distribution());
        bob.forget("ops", "alice");
        assertThatThrownBy(() -> bob.open(alice.seal(utf8("x"))))
                .extracting(GroupMessagesMoveForwardOnlyTest::reason)
                .isEqualTo(E2eeException.Reason.UNKNOWN_KEY);
    }
}
