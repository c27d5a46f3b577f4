package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelMaskTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        "news*,       news,          true",
        "news*,       news.sport,    true",
        "news*,       NEWS.weather,  true",
        "news*,       sports.news,   false",
        "room?,       room1,         true",
        "room?,       room12,        false",
        "'room[a-c]', roomb,         true",
        "'room[a-c]', roomd,         false",
        "'room[!a-c]', roomd,        true",
        "'room[0-9]x', room7x,       true",
        "*.alerts,    eu.alerts,     true",
        "a.b,         aXb,           false",
        "'[unclosed', '[unclosed',   true",
    })
    void masksFollowTheSgcMatchesMaskSyntax(String mask, String name, boolean expected) {
        assertThat(ChannelMask.compile(mask).matches(name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is a mask: {1}")
    @CsvSource({"news*, true", "a?b, true", "'[x]', true", "news, false", "a.b-c, false"})
    void onlyStarQuestionMarkAndBracketMakeAMask(String name, boolean expected) {
        assertThat(ChannelMask.isMask(name)).isEqualTo(expected);
    }
}
