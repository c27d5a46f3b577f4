package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.Identity;
import dev.switchboard.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BasicCredentialCacheRemembersOnlyVerifiedCredentialsBrieflyTest {

    private static final String ALICE_HEADER = "YWxpY2U6c2VjcmV0";
    private static final String BOB_HEADER = "Ym9iOnB3";

    private final MutableClock clock = new MutableClock();
    private final Identity alice = new Identity("alice", Set.of("user"), "basic", Optional.empty());
    private final Identity bob = new Identity("bob", Set.of(), "basic", Optional.empty());

    @Test
    void aRememberedCredentialIsFoundUntilItsTimeToLiveEnds() {
        BasicCredentialCache cache = new BasicCredentialCache(clock, Duration.ofSeconds(60), 10);
        assertThat(cache.find(ALICE_HEADER, 1L)).isEmpty();
        cache.remember(ALICE_HEADER, alice, 1L);
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.find(ALICE_HEADER, 1L)).contains(alice);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.find(ALICE_HEADER, 1L)).isEmpty();
    }

    @Test
    void anotherHeaderIsNotAnsweredFromTheCache() {
        BasicCredentialCache cache = new BasicCredentialCache(clock, Duration.ofSeconds(60), 10);
        cache.find(ALICE_HEADER, 1L);
        cache.remember(ALICE_HEADER, alice, 1L);
        assertThat(cache.find("YWxpY2U6d3Jvbmc=", 1L)).as("alice:wrong").isEmpty();
    }

    @Test
    void aChangeOfTheStoresForgetsEverything() {
        BasicCredentialCache cache = new BasicCredentialCache(clock, Duration.ofSeconds(60), 10);
        cache.find(ALICE_HEADER, 1L);
        cache.remember(ALICE_HEADER, alice, 1L);
        assertThat(cache.find(ALICE_HEADER, 2L)).isEmpty();
        assertThat(cache.find(ALICE_HEADER, 1L))
                .as("not even back at the old revision")
                .isEmpty();
    }

    @Test
    void aCredentialCheckedAgainstAnOutdatedRevisionIsNotRemembered() {
        BasicCredentialCache cache = new BasicCredentialCache(clock, Duration.ofSeconds(60), 10);
        cache.find(ALICE_HEADER, 1L);
        // Meanwhile another request saw the users file change.
        cache.find(BOB_HEADER, 2L);
        cache.remember(ALICE_HEADER, alice, 1L);
        assertThat(cache.find(ALICE_HEADER, 2L)).isEmpty();
    }

    @Test
    void forgettingAUserDropsOnlyThatUsersCredentials() {
        BasicCredentialCache cache = new BasicCredentialCache(clock, Duration.ofSeconds(60), 10);
        cache.find(ALICE_HEADER, 1L);
        cache.remember(ALICE_HEADER, alice, 1L);
        cache.remember(BOB_HEADER, bob, 1L);
        assertThat(cache.forgetUser("alice")).isEqualTo(1);
        assertThat(cache.find(ALICE_HEADER, 1L)).isEmpty();
        assertThat(cache.find(BOB_HEADER, 1L)).contains(bob);
    }

    @Test
    void theCacheIsBoundedByDroppingTheLeastRecentlyUsed() {
        BasicCredentialCache cache = new BasicCredentialCache(clock, Duration.ofSeconds(60), 2);
        cache.find(ALICE_HEADER, 1L);
        cache.remember(ALICE_HEADER, alice, 1L);
        cache.remember(BOB_HEADER, bob, 1L);
        cache.find(ALICE_HEADER, 1L);
        cache.remember("Y2Fyb2w6cHc=", new Identity("carol", Set.of(), "basic", Optional.empty()), 1L);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.find(BOB_HEADER, 1L)).as("least recently used").isEmpty();
        assertThat(cache.find(ALICE_HEADER, 1L)).contains(alice);
    }

    @Test
    void aZeroTimeToLiveRemembersNothing() {
        BasicCredentialCache cache = new BasicCredentialCache(clock, Duration.ZERO, 10);
        assertThat(cache.enabled()).isFalse();
        cache.find(ALICE_HEADER, 1L);
        cache.remember(ALICE_HEADER, alice, 1L);
        assertThat(cache.find(ALICE_HEADER, 1L)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void nonsensicalBoundsAreRefused() {
        assertThatThrownBy(() -> new BasicCredentialCache(clock, Duration.ofSeconds(-1), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BasicCredentialCache(clock, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
