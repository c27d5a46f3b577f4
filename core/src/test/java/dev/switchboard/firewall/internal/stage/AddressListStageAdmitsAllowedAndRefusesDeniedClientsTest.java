package dev.switchboard.firewall.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.firewall.Refusal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressListStageAdmitsAllowedAndRefusesDeniedClientsTest {

    private final Stages parts =
            new Stages(Map.of(ConfigKeys.FIREWALL_ALLOW, "10.1.1.50", ConfigKeys.FIREWALL_DENY, "10.0.0.0/8"));
    private final AddressListStage stage = new AddressListStage(parts.settings.allow(), parts.settings.deny());

    @Test
    void anAllowListedClientIsAdmittedAtOnceEvenInsideADeniedRange() {
        assertThat(stage.request(Stages.request("10.1.1.50", "/", true), parts.client("10.1.1.50")))
                .isInstanceOf(Decision.Allow.class);
        assertThat(stage.message(parts.text("10.1.1.50", "/", "hi"))).isInstanceOf(Decision.Allow.class);
        assertThat(stage.failedAuthentication(parts.client("10.1.1.50")))
                .as("its failed logins are ignored")
                .isInstanceOf(Decision.Allow.class);
    }

    @Test
    void aDeniedClientsRequestIsRefusedWith403() {
        assertThat(stage.request(Stages.request("10.2.3.4", "/", false), parts.client("10.2.3.4")))
                .isEqualTo(Decision.refuse(new Refusal("deny", 403, 0, "Forbidden")));
    }

    @Test
    void anyOtherClientPassesToTheNextStage() {
        assertThat(stage.request(Stages.request("192.168.1.1", "/", true), parts.client("192.168.1.1")))
                .isInstanceOf(Decision.Pass.class);
        assertThat(stage.message(parts.text("10.2.3.4", "/", "hi")))
                .as("messages of denied clients are left to the bans")
                .isInstanceOf(Decision.Pass.class);
        assertThat(stage.failedAuthentication(parts.client("10.2.3.4"))).isInstanceOf(Decision.Pass.class);
    }
}
