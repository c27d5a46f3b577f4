package dev.switchboard.firewall.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.firewall.Refusal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BanListStageRefusesBannedClientsTest {

    private final Stages parts = new Stages(Map.of());
    private final BanListStage stage = new BanListStage(parts.bans);

    @Test
    void aBannedClientsRequestsAreRefusedWith403AndItsMessagesClose1008() {
        parts.bans.ban("198.51.100.7", Duration.ofMinutes(5), "test");
        assertThat(stage.request(Stages.request("198.51.100.7", "/", false), parts.client("198.51.100.7")))
                .isEqualTo(Decision.refuse(new Refusal("ban", 403, 0, "Forbidden")));
        assertThat(stage.message(parts.text("198.51.100.7", "/", "hi")))
                .isEqualTo(Decision.refuse(new MessageRefusal("ban", CloseCodes.POLICY_VIOLATION, "Banned")));
        assertThat(stage.request(Stages.request("198.51.100.8", "/", false), parts.client("198.51.100.8")))
                .isInstanceOf(Decision.Pass.class);
    }

    @Test
    void anExpiredBanNoLongerRefuses() {
        parts.bans.ban("198.51.100.7", Duration.ofMinutes(5), "test");
        parts.clock.advance(Duration.ofMinutes(5));
        assertThat(stage.request(Stages.request("198.51.100.7", "/", false), parts.client("198.51.100.7")))
                .isInstanceOf(Decision.Pass.class);
        assertThat(parts.bans.bans()).isEmpty();
    }

    @Test
    void aBanOfOneIpv6AddressRefusesItsWholeNetwork() {
        parts.bans.ban("2001:db8::1", Duration.ZERO, "test");
        assertThat(stage.message(parts.binary("2001:db8::ffff", 1))).isInstanceOf(Decision.Refuse.class);
    }

    @Test
    void itsRefusalsAddNoThreatPoints() {
        assertThat(stage.refusalsAddThreatPoints()).isFalse();
    }
}
