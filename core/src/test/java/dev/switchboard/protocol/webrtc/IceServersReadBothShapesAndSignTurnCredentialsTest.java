package dev.switchboard.protocol.webrtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The ICE servers setting reads an array of RTCIceServer objects or sgc's object with an {@code iceServers} array
 * (keeping its other members), turns the legacy {@code url} into {@code urls}, adds the {@code ice-urls} server, refuses
 * what is not an ICE server, and signs time-limited TURN credentials as coturn's {@code use-auth-secret} checks them.
 */
class IceServersReadBothShapesAndSignTurnCredentialsTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_767_225_600L);

    @Test
    void theSgcObjectKeepsItsOtherMembersAndTheLegacyUrlBecomesUrls() {
        IceServers servers = IceServers.of(
                "{\"iceServers\":[{\"url\":\"stun:stun.l.google.com:19302\"}],\"iceTransportPolicy\":\"relay\"}",
                "",
                "",
                "",
                "",
                Duration.ofDays(1));
        JsonObject configuration = servers.configuration("alice", NOW);
        assertThat(configuration.getString("iceTransportPolicy")).isEqualTo("relay");
        JsonObject server = configuration.getJsonArray("iceServers").getJsonObject(0);
        assertThat(server.getString("urls")).isEqualTo("stun:stun.l.google.com:19302");
        assertThat(server.containsKey("url")).isFalse();
    }

    @Test
    void anArrayAndTheUrlsKeysMakeOneListInOrder() {
        IceServers servers = IceServers.of(
                "[{\"urls\":\"stun:a.example:3478\"}]",
                "turn:b.example:3478, turns:b.example:5349",
                "user",
                "pass",
                "",
                Duration.ofDays(1));
        JsonArray list = servers.servers("alice", NOW);
        assertThat(list).hasSize(2);
        JsonObject second = list.getJsonObject(1);
        assertThat(second.getJsonArray("urls").getValuesAs(JsonString::getString))
                .containsExactly("turn:b.example:3478", "turns:b.example:5349");
        assertThat(second.getString("username")).isEqualTo("user");
        assertThat(second.getString("credential")).isEqualTo("pass");
        assertThat(IceServers.of("", "", "", "", "", Duration.ofDays(1)).isEmpty())
                .isTrue();
    }

    @Test
    void turnServersWithoutAUsernameGetATimeLimitedCredential() {
        IceServers servers = IceServers.of(
                "[{\"urls\":\"stun:a.example:3478\"},{\"urls\":\"turn:a.example:3478\"},"
                        + "{\"urls\":\"turn:c.example:3478\",\"username\":\"fixed\",\"credential\":\"kept\"}]",
                "",
                "",
                "",
                "secret",
                Duration.ofSeconds(86_400));
        JsonArray list = servers.servers("alice", NOW);
        assertThat(list.getJsonObject(0).containsKey("username")).isFalse();
        JsonObject turn = list.getJsonObject(1);
        assertThat(turn.getString("username")).isEqualTo("1767312000:alice");
        // openssl: printf '1767312000:alice' | openssl dgst -sha1 -hmac secret -binary | base64
        assertThat(turn.getString("credential")).isEqualTo("pQW9fO4NIIN0qx2LCuKZLcFfb5k=");
        assertThat(list.getJsonObject(2).getString("username")).isEqualTo("fixed");
        assertThat(list.getJsonObject(2).getString("credential")).isEqualTo("kept");
        assertThat(servers.toString()).doesNotContain("secret");
    }

    @Test
    void whatIsNoIceServerIsRefused() {
        Duration day = Duration.ofDays(1);
        assertThatThrownBy(() -> IceServers.of("{not json", "", "", "", "", day))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> IceServers.of("{\"servers\":[]}", "", "", "", "", day))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iceServers");
        assertThatThrownBy(() -> IceServers.of("[\"stun:a\"]", "", "", "", "", day))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> IceServers.of("[{\"urls\":\"http://a.example\"}]", "", "", "", "", day))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stun:");
        assertThatThrownBy(() -> IceServers.of("[{\"username\":\"u\"}]", "", "", "", "", day))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("urls");
        assertThatThrownBy(() -> IceServers.of("", "", "", "", "secret", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("turn-ttl");
    }
}
