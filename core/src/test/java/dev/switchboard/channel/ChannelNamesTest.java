package dev.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelNamesTest {

    private static final ChannelNames.Limits LIMITS = new ChannelNames.Limits(16, 3, 4);

    @Test
    void canonicalFormIsNfcAndAsciiNamesAreReturnedAsTheyAre() {
        String ascii = "news.eu";
        assertThat(ChannelNames.canonical(ascii)).isSameAs(ascii);
        assertThat(ChannelNames.canonical("cafe\u0301")).isEqualTo("caf\u00e9");
        // The Kelvin sign decomposes canonically to K; the long s has only a compatibility mapping and stays.
        assertThat(ChannelNames.canonical("\u212A")).isEqualTo("K");
        assertThat(ChannelNames.canonical("\u017Fecret")).isEqualTo("\u017Fecret");
    }

    @Test
    void foldLowerCasesEachCodePointWithoutLocaleOrContext() {
        assertThat(ChannelNames.fold("NEWS")).isEqualTo("news");
        assertThat(ChannelNames.fold("ADM\u0130N")).isEqualTo("admin");
        assertThat(ChannelNames.fold("adm\u0131n")).isEqualTo("adm\u0131n");
        assertThat(ChannelNames.fold("\u017F")).isEqualTo("\u017F");
        assertThat(ChannelNames.fold("ΟΔΟΣ")).isEqualTo("οδοσ");
        String folded = "already";
        assertThat(ChannelNames.fold(folded)).isSameAs(folded);
    }

    @Test
    void listsAreCanonicalDistinctAndInOrder() {
        assertThat(ChannelNames.parseList(" b , a,,b , cafe\u0301,caf\u00e9 ", ChannelNames.Limits.DEFAULTS, true))
                .containsExactly("b", "a", "caf\u00e9");
    }

    @Test
    void limitsRefuseLongNamesManyWildcardsLongListsAndBadCharacters() {
        assertThatThrownBy(() -> ChannelNames.parseList("x".repeat(17), LIMITS, true))
                .isInstanceOf(ChannelNames.InvalidChannelException.class)
                .hasMessageContaining("longer than 16");
        assertThatThrownBy(() -> ChannelNames.parseList("a*b*c*d*", LIMITS, true))
                .hasMessageContaining("more than 3 wildcards");
        assertThat(ChannelNames.parseList("a*b*c*d*", LIMITS, false)).containsExactly("a*b*c*d*");
        assertThatThrownBy(() -> ChannelNames.parseList("a,b,c,d,e", LIMITS, true))
                .hasMessageContaining("more than 4 names");
        assertThatThrownBy(() -> ChannelNames.parseList("a\u0000b", LIMITS, true))
                .hasMessageContaining("control");
        assertThatThrownBy(() -> ChannelNames.parseList("a\uD800b", LIMITS, true))
                .hasMessageContaining("well-formed");
        assertThat(ChannelNames.parseList("\uD83D\uDE00", LIMITS, true)).containsExactly("\uD83D\uDE00");
    }

    @Test
    void aHugeListIsRefusedAfterItsLimitWithoutScanningEveryName() {
        String spec = "c,".repeat(200_000) + "x".repeat(1_000_000);
        // Repeats collapse, but every entry counts against the list limit, so the first five already refuse.
        assertThatThrownBy(() -> ChannelNames.parseList(spec, LIMITS, true)).hasMessageContaining("more than 4 names");
    }
}
