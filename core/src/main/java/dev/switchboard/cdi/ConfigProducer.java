package dev.switchboard.cdi;

import dev.switchboard.admin.AdminSettings;
import dev.switchboard.auth.AuthSettings;
import dev.switchboard.broker.BrokerSettings;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.firewall.FirewallSettings;
import dev.switchboard.forward.ForwardSettings;
import dev.switchboard.history.HistorySettings;
import dev.switchboard.hub.ClientBudgets;
import dev.switchboard.log.WireLogSettings;
import dev.switchboard.metrics.MetricsSettings;
import dev.switchboard.ops.DrainSettings;
import dev.switchboard.protocol.apprtc.AppRtcSettings;
import dev.switchboard.protocol.broker.BrokerProtocolSettings;
import dev.switchboard.protocol.e2ee.E2eeSettings;
import dev.switchboard.protocol.mqtt.MqttSettings;
import dev.switchboard.protocol.presence.PresenceSettings;
import dev.switchboard.protocol.sgc.SgcBudgets;
import dev.switchboard.protocol.sgc.SgcSettings;
import dev.switchboard.protocol.stomp.StompSettings;
import dev.switchboard.protocol.wamp.WampSettings;
import dev.switchboard.protocol.wamp.WampV1Settings;
import dev.switchboard.protocol.webrtc.WebRtcSettings;
import dev.switchboard.rpc.RpcInvoker;
import dev.switchboard.rpc.RpcSettings;
import dev.switchboard.sse.SseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Produces the configuration reader and one typed settings object per area, each read once, when first
 * injected, through the documented precedence (JNDI, system properties, environment, default).
 *
 * <p>Components receive their settings by injection and offer a constructor that takes them, so a test builds
 * any component with its own settings and no global state. An application may replace any of these with an
 * {@code @Alternative} producer.
 */
@ApplicationScoped
public class ConfigProducer {

    @Produces
    @Singleton
    ConfigReader reader() {
        return ConfigReader.standard();
    }

    @Produces
    @Singleton
    SwitchboardConfig config(ConfigReader reader) {
        return SwitchboardConfig.read(reader);
    }

    @Produces
    @Singleton
    RpcSettings rpc(ConfigReader reader) {
        return new RpcSettings(reader.getInt(ConfigKeys.RPC_MAX_PENDING, RpcInvoker.DEFAULT_MAX_PENDING));
    }

    @Produces
    @Singleton
    ClientBudgets clientBudgets(ConfigReader reader) {
        return ClientBudgets.read(reader);
    }

    @Produces
    @Singleton
    AuthSettings auth(ConfigReader reader) {
        return AuthSettings.read(reader);
    }

    @Produces
    @Singleton
    FirewallSettings firewall(ConfigReader reader) {
        return FirewallSettings.read(reader);
    }

    @Produces
    @Singleton
    ForwardSettings forwarding(ConfigReader reader) {
        return ForwardSettings.read(reader);
    }

    @Produces
    @Singleton
    HistorySettings history(ConfigReader reader) {
        return HistorySettings.read(reader);
    }

    @Produces
    @Singleton
    SseSettings sse(ConfigReader reader) {
        return SseSettings.read(reader);
    }

    @Produces
    @Singleton
    WireLogSettings wireLog(ConfigReader reader) {
        return WireLogSettings.read(reader);
    }

    @Produces
    @Singleton
    SgcSettings sgc(ConfigReader reader) {
        return SgcSettings.read(reader);
    }

    @Produces
    @Singleton
    StompSettings stomp(ConfigReader reader) {
        return StompSettings.read(reader);
    }

    @Produces
    @Singleton
    PresenceSettings presence(ConfigReader reader) {
        return PresenceSettings.read(reader);
    }

    @Produces
    @Singleton
    WampSettings wamp(ConfigReader reader) {
        return WampSettings.read(reader);
    }

    @Produces
    @Singleton
    WampV1Settings wampV1(ConfigReader reader) {
        return WampV1Settings.read(reader);
    }

    @Produces
    @Singleton
    MqttSettings mqtt(ConfigReader reader) {
        return MqttSettings.read(reader);
    }

    @Produces
    @Singleton
    E2eeSettings e2ee(ConfigReader reader) {
        return E2eeSettings.read(reader);
    }

    @Produces
    @Singleton
    WebRtcSettings webRtc(ConfigReader reader) {
        return WebRtcSettings.read(reader);
    }

    @Produces
    @Singleton
    AppRtcSettings appRtc(ConfigReader reader) {
        return AppRtcSettings.read(reader);
    }

    @Produces
    @Singleton
    BrokerSettings broker(ConfigReader reader) {
        return BrokerSettings.read(reader);
    }

    @Produces
    @Singleton
    AdminSettings admin(ConfigReader reader) {
        return AdminSettings.read(reader);
    }

    @Produces
    @Singleton
    ClusterSettings cluster(ConfigReader reader) {
        return ClusterSettings.read(reader);
    }

    @Produces
    @Singleton
    SgcBudgets sgcBudgets(ConfigReader reader) {
        return SgcBudgets.read(reader);
    }

    @Produces
    @Singleton
    DrainSettings drain(ConfigReader reader) {
        return DrainSettings.read(reader);
    }

    @Produces
    @Singleton
    MetricsSettings metrics(ConfigReader reader) {
        return MetricsSettings.read(reader);
    }

    @Produces
    @Singleton
    BrokerProtocolSettings sgcBroker(ConfigReader reader) {
        return BrokerProtocolSettings.read(reader);
    }
}
