package dev.switchboard.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.forward.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpstreamPoolTest {

    private static UpstreamPool pool(String options) {
        return new UpstreamPool(Route.parse("/r=http://a:1/,http://b:2/,http://c:3/ " + options, Duration.ofSeconds(30))
                .getFirst());
    }

    private static List<String> picks(UpstreamPool pool, int n) {
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            picks.add(pool.choose(null, Set.of()).orElseThrow().base().getHost());
        }
        return picks;
    }

    @Test
    void roundRobinTakesEachUpstreamInTurn() {
        assertThat(picks(pool(""), 6)).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void leastConnectionsPrefersTheUpstreamWithFewestExchangesInFlight() {
        UpstreamPool pool = pool("balance=least-connections");
        Upstream a = pool.upstreams().get(0);
        Upstream b = pool.upstreams().get(1);
        a.acquire();
        a.acquire();
        b.acquire();

        assertThat(picks(pool, 3)).containsOnly("c");
    }

    @Test
    void passiveFailuresTakeAnUpstreamOutAndASuccessfulTrialAfterTheCooldownBringsItBack() {
        UpstreamPool pool = pool("passive-failures=2 passive-cooldown=1ms");
        Upstream b = pool.upstreams().get(1);
        pool.failed(b, new RuntimeException("refused"));
        assertThat(b.healthy()).isTrue();
        pool.failed(b, new RuntimeException("refused"));
        assertThat(b.healthy()).isFalse();

        pool.succeeded(b);
        assertThat(b.healthy()).isTrue();
    }

    @Test
    void withActiveChecksAnUpstreamOutOfRotationIsNeverPickedUntilChecksPass() {
        UpstreamPool pool = pool("health=/h passive-failures=1 healthy-after=2 unhealthy-after=2");
        Upstream b = pool.upstreams().get(1);
        pool.failed(b, new RuntimeException("refused"));

        assertThat(picks(pool, 6)).doesNotContain("b");
        assertThat(b.checked(true, 2, 2)).isFalse();
        assertThat(b.checked(true, 2, 2)).isTrue();
        assertThat(picks(pool, 3)).contains("b");
        b.checked(false, 2, 2);
        assertThat(b.checked(false, 2, 2)).isTrue();
        assertThat(b.healthy()).isFalse();
    }

    @Test
    void aStickyIdPicksItsUpstreamWhileItIsAvailable() {
        UpstreamPool pool = pool("sticky=SB health=/h");
        Upstream c = pool.upstreams().get(2);

        assertThat(pool.choose(c.id(), Set.of())).contains(c);
        assertThat(pool.choose(c.id(), Set.of())).contains(c);
        c.checked(false, 1, 1);
        assertThat(pool.choose(c.id(), Set.of())).get().isNotEqualTo(c);
    }

    @Test
    void triedUpstreamsAreSkippedAndNoneLeftGivesEmpty() {
        UpstreamPool pool = pool("");
        assertThat(pool.choose(null, Set.copyOf(pool.upstreams()))).isEmpty();
    }
}
