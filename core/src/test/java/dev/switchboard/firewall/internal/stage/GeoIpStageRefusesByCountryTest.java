package dev.switchboard.firewall.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.firewall.Refusal;
import dev.switchboard.firewall.internal.GeoIpTable;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeoIpStageRefusesByCountryTest {

    private final Stages parts = new Stages(Map.of());

    private static GeoIpTable table() throws Exception {
        return GeoIpTable.load(Path.of(GeoIpStageRefusesByCountryTest.class
                .getResource("/firewall/geoip-test.csv")
                .toURI()));
    }

    private Decision<Refusal> ask(GeoIpStage stage, String address) {
        return stage.request(Stages.request(address, "/", false), parts.client(address));
    }

    @Test
    void aDenyListRefusesItsCountriesAndPassesUnknownAddresses() throws Exception {
        GeoIpStage stage = new GeoIpStage(table(), Set.of(), Set.of("BB"));
        assertThat(ask(stage, "127.0.0.60")).isEqualTo(Decision.refuse(new Refusal("geoip", 403, 0, "Forbidden")));
        assertThat(ask(stage, "127.0.0.10")).isInstanceOf(Decision.Pass.class);
        assertThat(ask(stage, "10.0.0.1")).isInstanceOf(Decision.Pass.class);
    }

    @Test
    void anAllowListRefusesEveryOtherCountryAndUnknownAddresses() throws Exception {
        GeoIpStage stage = new GeoIpStage(table(), Set.of("AA", "LO"), Set.of());
        assertThat(ask(stage, "127.0.0.10")).isInstanceOf(Decision.Pass.class);
        assertThat(ask(stage, "127.0.0.150")).isInstanceOf(Decision.Refuse.class);
        assertThat(ask(stage, "10.0.0.1")).isInstanceOf(Decision.Refuse.class);
    }

    @Test
    void withoutATableEveryRequestPasses() {
        assertThat(ask(new GeoIpStage(null, Set.of("AA"), Set.of()), "10.0.0.1"))
                .isInstanceOf(Decision.Pass.class);
    }
}
