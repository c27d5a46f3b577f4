package dev.switchboard.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Any topic filter from a SUBSCRIBE is judged valid or not without an exception, and a valid one decides on any
 * topic name in linear time: a filter without wildcards selects exactly the equal topic, and {@code #} selects
 * every topic that does not start with {@code $} (MQTT 5.0 section 4.7.2).
 */
class MqttTopicFiltersValidateAndMatchInLinearTimeFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void filter(FuzzedDataProvider data) {
        String filter = data.consumeString(500);
        String topic = data.consumeRemainingAsString();
        assertThat(TopicFilter.levels(filter)).isPositive();
        if (!TopicFilter.validFilter(filter) || !TopicFilter.validTopicName(topic)) {
            return;
        }
        boolean matches = TopicFilter.matches(filter, topic);
        if (!TopicFilter.hasWildcard(filter)) {
            assertThat(matches).isEqualTo(filter.equals(topic));
        }
        if (filter.equals("#")) {
            assertThat(matches).isEqualTo(!topic.startsWith("$"));
        }
    }
}
