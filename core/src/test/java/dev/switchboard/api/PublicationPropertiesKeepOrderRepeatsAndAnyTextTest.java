package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.hub.PropertyBudget;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublicationPropertiesKeepOrderRepeatsAndAnyTextTest {

    @Test
    void theTextFormReadsBackEveryPairInOrderWhateverItsCharacters() {
        PublicationProperties properties = PublicationProperties.builder()
                .add("mqtt.user:a", "1")
                .add("mqtt.user:a", "2")
                .add("12:odd", "3:x\n\u0000é😀")
                .add("", "")
                .build();

        PublicationProperties back = PublicationProperties.decode(properties.encode());

        assertThat(back).isEqualTo(properties);
        assertThat(back.list())
                .extracting(PublicationProperties.Property::name)
                .containsExactly("mqtt.user:a", "mqtt.user:a", "12:odd", "");
        assertThat(back.get("mqtt.user:a")).contains("1");
        assertThat(back.get("absent")).isEmpty();
    }

    @Test
    void noPropertiesAreTheOneSharedEmptyListAndAnEmptyTextForm() {
        assertThat(PublicationProperties.builder().build()).isSameAs(PublicationProperties.NONE);
        assertThat(PublicationProperties.decode(null)).isSameAs(PublicationProperties.NONE);
        assertThat(PublicationProperties.decode("")).isSameAs(PublicationProperties.NONE);
        assertThat(PublicationProperties.NONE.encode()).isEmpty();
        assertThat(new Publication("c", "m", Optional.empty()).properties()).isSameAs(PublicationProperties.NONE);
    }

    @Test
    void aBrokenTextFormIsRefused() {
        assertThatThrownBy(() -> PublicationProperties.decode("5:ab")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicationProperties.decode("x:ab")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicationProperties.decode("1:a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBudgetCountsPairsAndUtf8Bytes() {
        PropertyBudget budget = new PropertyBudget(2, 10);
        assertThat(budget.refusal(PublicationProperties.NONE)).isEmpty();
        assertThat(budget.refusal(
                        PublicationProperties.builder().add("ab", "cdefghij").build()))
                .isEmpty();
        assertThat(budget.refusal(
                        PublicationProperties.builder().add("ab", "cdefghijé").build()))
                .isPresent();
        assertThat(budget.refusal(PublicationProperties.builder()
                        .add("a", "")
                        .add("a", "")
                        .add("a", "")
                        .build()))
                .isPresent();
        assertThat(PublicationProperties.builder().add("😀", "é").build().bytes())
                .isEqualTo(6);
    }
}
