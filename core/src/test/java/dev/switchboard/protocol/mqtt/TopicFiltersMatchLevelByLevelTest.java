package dev.switchboard.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Topic filters match channels by MQTT's rules, level by level, in linear time. */
class TopicFiltersMatchLevelByLevelTest {

    @Test
    void plusMatchesExactlyOneLevel() {
        assertThat(TopicFilter.matches("sport/+/score", "sport/tennis/score")).isTrue();
        assertThat(TopicFilter.matches("sport/+/score", "sport//score")).isTrue();
        assertThat(TopicFilter.matches("sport/+/score", "sport/tennis/player/score"))
                .isFalse();
        assertThat(TopicFilter.matches("sport/+", "sport")).isFalse();
        assertThat(TopicFilter.matches("sport/+", "sport/")).isTrue();
        assertThat(TopicFilter.matches("+", "sport")).isTrue();
        assertThat(TopicFilter.matches("+/+", "/finance")).isTrue();
        assertThat(TopicFilter.matches("+", "/finance")).isFalse();
    }

    @Test
    void hashMatchesTheParentAndEveryLevelBelow() {
        assertThat(TopicFilter.matches("sport/#", "sport")).isTrue();
        assertThat(TopicFilter.matches("sport/#", "sport/tennis/player1")).isTrue();
        assertThat(TopicFilter.matches("sport/tennis/#", "sport/tennis")).isTrue();
        assertThat(TopicFilter.matches("sport/tennis/#", "sport/ten")).isFalse();
        assertThat(TopicFilter.matches("#", "anything/at/all")).isTrue();
    }

    @Test
    void exactLevelsMustBeEqualAndCaseCounts() {
        assertThat(TopicFilter.matches("a/b", "a/b")).isTrue();
        assertThat(TopicFilter.matches("a/b", "a/bc")).isFalse();
        assertThat(TopicFilter.matches("ab/c", "a/bc")).isFalse();
        assertThat(TopicFilter.matches("a/b", "A/b")).isFalse();
        assertThat(TopicFilter.matches("a/b", "a/b/")).isFalse();
    }

    @Test
    void dollarTopicsAreNotMatchedByLeadingWildcards() {
        assertThat(TopicFilter.matches("#", "$SYS/uptime")).isFalse();
        assertThat(TopicFilter.matches("+/uptime", "$SYS/uptime")).isFalse();
        assertThat(TopicFilter.matches("$SYS/#", "$SYS/uptime")).isTrue();
        assertThat(TopicFilter.matches("$SYS/+", "$SYS/uptime")).isTrue();
    }

    @Test
    void wildcardsMustStandAloneAndHashLast() {
        assertThat(TopicFilter.validFilter("sport/#")).isTrue();
        assertThat(TopicFilter.validFilter("+/tennis/#")).isTrue();
        assertThat(TopicFilter.validFilter("sport/tennis#")).isFalse();
        assertThat(TopicFilter.validFilter("sport/#/ranking")).isFalse();
        assertThat(TopicFilter.validFilter("sport+")).isFalse();
        assertThat(TopicFilter.validFilter("")).isFalse();
        assertThat(TopicFilter.validTopicName("a/+")).isFalse();
        assertThat(TopicFilter.validTopicName("a/b")).isTrue();
    }

    @Test
    void theKeyCarriesTheProtocolPrefix() {
        assertThat(new TopicFilter("a/+").key()).isEqualTo("mqtt:a/+");
    }

    @Test
    void aLongHostileFilterIsMatchedInLinearTime() {
        String topic = "a/".repeat(50_000) + "b";
        String filter = "+/".repeat(50_000) + "c";
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThat(TopicFilter.matches(filter, topic)).isFalse();
        }
        // Twenty walks over 100 000 levels: well under a second when linear, minutes when not.
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }
}
