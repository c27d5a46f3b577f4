package dev.switchboard.protocol.sgc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.sgc.SgcMessage.WireId;
import dev.switchboard.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The node-local registry of QoS sessions on its own: adoption, expiry, the bound, principals, concurrency. */
class QosSessionRegistryAdoptsExpiresAndBoundsTest {

    private static final String TOKEN = "AAAAAAAAAAAAAAAAAAAAAA";
    private static final SgcBudgets.Budget BUDGET = SgcBudgets.DEFAULT_AUTHENTICATED;

    private final MutableClock clock = new MutableClock();
    private final QosSessions sessions = new QosSessions(Duration.ofSeconds(60), 3, clock);

    private static QosSessions.Key key(String principal, String token) {
        return new QosSessions.Key(principal, token);
    }

    private static String token(int n) {
        return TOKEN.substring(0, 20) + String.format("%02d", n);
    }

    private static SgcMessage qos2(String id) {
        String raw = "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"c\",\"message\":\"m\"},"
                + "\"qos\":\"qosLevel2\",\"id\":\"" + id + "\"}";
        return new SgcMessage(
                SgcMessage.Kind.REQUEST,
                "sgc@publish",
                WireId.of(id),
                null,
                "c",
                "m",
                QosLevel.LEVEL2,
                QueueLevel.LEVEL0,
                raw);
    }

    /** A connection's QoS state with one stored and one released message. */
    private QosState stateWithFlows() {
        QosState state = new QosState();
        assertThat(state.store(qos2("stored"), BUDGET)).isEqualTo(QosState.Stored.KEPT);
        state.store(qos2("done"), BUDGET);
        assertThat(state.release("done", clock.instant())).isNotNull();
        return state;
    }

    private QosState.Qos2Part adopted(QosSessions.Claim claim) {
        assertThat(claim).isInstanceOf(QosSessions.Claim.Held.class);
        return ((QosSessions.Claim.Held) claim).adopted();
    }

    @Test
    void theNextConnectionOfTheSessionTakesOverStoredAndReleasedIds() {
        QosSessions.Key key = key("alice", TOKEN);
        assertThat(adopted(sessions.claim(key, "c1"))).isNull();
        QosState first = stateWithFlows();
        sessions.closed("c1", first);
        assertThat(first.hasQos2())
                .as("the closed connection's state is emptied")
                .isFalse();
        assertThat(sessions.parkedCount()).isEqualTo(1);

        QosSessions.Claim claim = sessions.claim(key, "c2");
        QosState.Qos2Part part = adopted(claim);
        assertThat(part.stored()).containsOnlyKeys("stored");
        assertThat(part.released()).containsOnlyKeys("done");
        assertThat(sessions.parkedCount()).isZero();

        QosState second = new QosState();
        second.adoptQos2(part);
        assertThat(second.release("stored", clock.instant())).isNotNull();
        assertThat(second.store(qos2("done"), BUDGET)).isEqualTo(QosState.Stored.ALREADY_RELEASED);
    }

    @Test
    void aSessionHeldByALiveConnectionIsRefusedToAnotherUntilItCloses() {
        QosSessions.Key key = key("alice", TOKEN);
        sessions.claim(key, "c1");
        assertThat(sessions.claim(key, "c2")).isInstanceOf(QosSessions.Claim.InUse.class);
        assertThat(sessions.claim(key, "c1")).isInstanceOf(QosSessions.Claim.Again.class);
        assertThat(sessions.claim(key("alice", token(1)), "c1")).isInstanceOf(QosSessions.Claim.OtherSession.class);

        sessions.closed("c1", stateWithFlows());
        assertThat(adopted(sessions.claim(key, "c2"))).isNotNull();
    }

    @Test
    void aHolderWhoseCloseHasBegunIsTakenOverAtOnceAndParksNothingLater() {
        QosSessions.Key key = key("alice", TOKEN);
        sessions.claim(key, "c1");
        QosState closing = stateWithFlows();

        assertThat(sessions.claim(key, "c2", id -> null)).isInstanceOf(QosSessions.Claim.InUse.class);
        QosState.Qos2Part part = adopted(sessions.claim(key, "c2", id -> id.equals("c1") ? closing : null));
        assertThat(part.stored()).containsOnlyKeys("stored");
        assertThat(closing.hasQos2()).isFalse();

        sessions.closed("c1", closing);
        assertThat(sessions.parkedCount()).isZero();
        assertThat(sessions.claim(key, "c3")).as("c2 holds it now").isInstanceOf(QosSessions.Claim.InUse.class);
    }

    @Test
    void concurrentNamingsOfOneSessionLetExactlyOneConnectionHoldIt() throws Exception {
        QosSessions.Key key = key(null, TOKEN);
        sessions.claim(key, "old");
        sessions.closed("old", stateWithFlows());
        int contenders = 16;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<QosSessions.Claim>> claims = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                String connection = "c" + i;
                claims.add(pool.submit(() -> {
                    start.await();
                    return sessions.claim(key, connection);
                }));
            }
            start.countDown();
            int held = 0;
            int refused = 0;
            int adoptedCount = 0;
            for (Future<QosSessions.Claim> claim : claims) {
                QosSessions.Claim result = claim.get();
                if (result instanceof QosSessions.Claim.Held h) {
                    held++;
                    adoptedCount += h.adopted() == null ? 0 : 1;
                } else if (result instanceof QosSessions.Claim.InUse) {
                    refused++;
                }
            }
            assertThat(held).isEqualTo(1);
            assertThat(adoptedCount).isEqualTo(1);
            assertThat(refused).isEqualTo(contenders - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherPrincipalNamingTheSameTokenGetsNothingOfIt() {
        sessions.claim(key("alice", TOKEN), "c1");
        sessions.closed("c1", stateWithFlows());

        assertThat(adopted(sessions.claim(key("mallory", TOKEN), "c2"))).isNull();
        assertThat(adopted(sessions.claim(key(null, TOKEN), "c3")))
                .as("an anonymous connection is not a user")
                .isNull();
        assertThat(adopted(sessions.claim(key("alice", TOKEN), "c4"))).isNotNull();
    }

    @Test
    void anExpiredSessionIsNeverAdoptedAndTheSweepFreesIt() {
        QosSessions.Key key = key("alice", TOKEN);
        sessions.claim(key, "c1");
        sessions.closed("c1", stateWithFlows());
        sessions.claim(key("alice", token(2)), "c2");
        sessions.closed("c2", stateWithFlows());

        clock.advance(Duration.ofSeconds(59));
        sessions.sweep();
        assertThat(sessions.parkedCount()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(adopted(sessions.claim(key, "c3"))).as("expired at its TTL").isNull();
        sessions.sweep();
        assertThat(sessions.parkedCount()).isZero();
    }

    @Test
    void beyondTheBoundTheSessionParkedLongestIsDropped() {
        for (int i = 0; i < 5; i++) {
            sessions.claim(key("alice", token(i)), "c" + i);
            sessions.closed("c" + i, stateWithFlows());
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(sessions.parkedCount()).isEqualTo(3);
        assertThat(adopted(sessions.claim(key("alice", token(0)), "n0"))).isNull();
        assertThat(adopted(sessions.claim(key("alice", token(1)), "n1"))).isNull();
        assertThat(adopted(sessions.claim(key("alice", token(2)), "n2"))).isNotNull();
        assertThat(adopted(sessions.claim(key("alice", token(4)), "n4"))).isNotNull();
    }

    @Test
    void aConnectionWithNothingToKeepParksNothingAndFreesItsKey() {
        QosSessions.Key key = key("alice", TOKEN);
        sessions.claim(key, "c1");
        sessions.closed("c1", new QosState());
        assertThat(sessions.parkedCount()).isZero();
        assertThat(sessions.liveCount()).isZero();
        assertThat(adopted(sessions.claim(key, "c2"))).isNull();
    }

    @Test
    void onlyBase64UrlTokensOfTheBoundedLengthNameASession() {
        assertThat(QosSessions.validToken("abcdefghijklmnopqrstuv")).isTrue();
        assertThat(QosSessions.validToken("AZaz09-_AZaz09-_AZaz09")).isTrue();
        assertThat(QosSessions.validToken("x".repeat(64))).isTrue();
        assertThat(QosSessions.validToken(null)).isFalse();
        assertThat(QosSessions.validToken("x".repeat(21)))
                .as("fewer than 128 bits")
                .isFalse();
        assertThat(QosSessions.validToken("x".repeat(65))).isFalse();
        assertThat(QosSessions.validToken("abcdefghijklmnopqrstu="))
                .as("padding")
                .isFalse();
        assertThat(QosSessions.validToken("abcdefghijklmnopqrstu+"))
                .as("base64, not base64url")
                .isFalse();
        assertThat(QosSessions.validToken("abcdefghijklmnopqrstué")).isFalse();
        assertThat(QosSessions.validToken("a".repeat(10_000_000)))
                .as("refused by length before any scan")
                .isFalse();
    }
}
