package dev.switchboard.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.forward.Route;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailoverTriesEachUpstreamOnceUntilOneIsReachedTest {

    private static UpstreamPool pool() {
        return new UpstreamPool(Route.parse("/r=http://a:1/,http://b:2/,http://c:3/", Duration.ofSeconds(30))
                .getFirst());
    }

    @Test
    void anUnreachableUpstreamHandsTheExchangeToTheNextUntilOneAnswers() throws Exception {
        List<String> tried = new ArrayList<>();

        Optional<Failover.Exhausted> left = Failover.run(pool(), null, upstream -> {
            tried.add(upstream.base().getHost());
            return tried.size() < 2 ? new ConnectException("refused") : null;
        });

        assertThat(left).isEmpty();
        assertThat(tried).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void whenEveryUpstreamIsUnreachableTheLastFailureIsLeftToAnswerWith() throws Exception {
        List<String> tried = new ArrayList<>();
        ConnectException last = new ConnectException("last");

        Optional<Failover.Exhausted> left = Failover.run(pool(), null, upstream -> {
            tried.add(upstream.base().getHost());
            return tried.size() == 3 ? last : new ConnectException("refused");
        });

        assertThat(tried).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(left).isPresent();
        assertThat(left.get().lastFailure()).isSameAs(last);
        assertThat(left.get().last().base().getHost()).isEqualTo(tried.getLast());
    }

    @Test
    void withNoUpstreamInRotationNothingIsTriedAndNoFailureIsLeft() throws Exception {
        UpstreamPool pool = pool();
        for (Upstream upstream : pool.upstreams()) {
            for (int i = 0; i < 10; i++) {
                pool.failed(upstream, new ConnectException("down"));
            }
        }
        List<Upstream> tried = new ArrayList<>();

        Optional<Failover.Exhausted> left = Failover.run(pool, null, upstream -> {
            tried.add(upstream);
            return null;
        });

        assertThat(tried).isEmpty();
        assertThat(left).contains(new Failover.Exhausted(null, null));
    }

    @Test
    void timeoutsAreAnswered504AndOtherFailures502AndOnlyConnectFailuresMayMoveOn() {
        assertThat(UpstreamFailures.status(new HttpTimeoutException("slow"))).isEqualTo(504);
        assertThat(UpstreamFailures.status(new RuntimeException(new SocketTimeoutException())))
                .isEqualTo(504);
        assertThat(UpstreamFailures.status(new ConnectException("refused"))).isEqualTo(502);
        assertThat(UpstreamFailures.isConnectFailure(new ConnectException("refused")))
                .isTrue();
        assertThat(UpstreamFailures.isConnectFailure(new HttpConnectTimeoutException("slow connect")))
                .isTrue();
        assertThat(UpstreamFailures.isConnectFailure(new HttpTimeoutException("slow answer")))
                .isFalse();
    }
}
