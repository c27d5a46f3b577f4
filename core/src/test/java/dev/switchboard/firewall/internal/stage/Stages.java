package dev.switchboard.firewall.internal.stage;

import dev.switchboard.firewall.FirewallFixtures;
import dev.switchboard.firewall.FirewallSettings;
import dev.switchboard.firewall.internal.BanEscalation;
import dev.switchboard.firewall.internal.BanList;
import dev.switchboard.firewall.internal.BanStore;
import dev.switchboard.firewall.internal.Client;
import dev.switchboard.firewall.internal.ClientKeys;
import dev.switchboard.firewall.internal.FirewallCounters;
import dev.switchboard.firewall.internal.ThreatScores;
import dev.switchboard.spi.FirewallRequest;
import dev.switchboard.testing.MutableClock;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** The shared parts one stage needs, built from settings given as a map, and requests and messages to judge. */
final class Stages {

    static final long IDLE_MILLIS = 600_000;

    final FirewallSettings settings;
    final MutableClock clock = new MutableClock();
    final ClientKeys keys;
    final FirewallCounters counters = new FirewallCounters();
    final BanList bans;
    final BanEscalation escalation;
    final ThreatScores scores;

    Stages(Map<String, String> values) {
        settings = FirewallFixtures.settings(values);
        keys = new ClientKeys(settings.ipv6Prefix());
        bans = new BanList(keys, clock, BanStore.NONE, counters);
        escalation = new BanEscalation(settings, keys, bans, List.of(), clock.millis(), IDLE_MILLIS);
        scores = new ThreatScores(settings, clock, keys, bans, escalation, counters, IDLE_MILLIS);
    }

    Client client(String address) {
        return keys.client(FirewallFixtures.ip(address));
    }

    static FirewallRequest request(String address, String uri, boolean connectionRequest) {
        return new FirewallRequest(FirewallFixtures.ip(address), "GET", URI.create(uri), Map.of(), connectionRequest);
    }

    InboundMessage text(String address, String path, String text) {
        return new InboundMessage(FirewallFixtures.connection("c-" + address, address, path), client(address), text, 0);
    }

    InboundMessage binary(String address, long size) {
        return new InboundMessage(FirewallFixtures.connection("c-" + address, address), client(address), null, size);
    }
}
