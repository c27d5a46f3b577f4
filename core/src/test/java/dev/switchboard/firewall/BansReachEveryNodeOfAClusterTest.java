package dev.switchboard.firewall;

import static dev.switchboard.firewall.FirewallFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cdi.ConfigProducer;
import dev.switchboard.config.DataSources;
import dev.switchboard.firewall.internal.BanAnnouncements;
import dev.switchboard.schedule.ManagedScheduler;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.Broker.Announcement;
import dev.switchboard.testing.RecordingBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, each its own CDI container with the firewall bean, linked by brokers that hand each node's
 * announcements to the other as CDI events (as the cluster broker does): a ban or an unban made on one node holds on
 * the other, with the same end, and is never announced back.
 */
class BansReachEveryNodeOfAClusterTest {

    private WeldContainer nodeA;
    private WeldContainer nodeB;
    private Firewall firewallA;
    private Firewall firewallB;
    private RecordingBroker brokerA;
    private RecordingBroker brokerB;

    @BeforeEach
    void startTwoNodes() {
        nodeA = node("bans-node-a");
        nodeB = node("bans-node-b");
        brokerA = (RecordingBroker) nodeA.select(Broker.class).get();
        brokerB = (RecordingBroker) nodeB.select(Broker.class).get();
        brokerA.linkTo(announcement -> receive(nodeB, announcement));
        brokerB.linkTo(announcement -> receive(nodeA, announcement));
        firewallA = nodeA.select(Firewall.class).get();
        firewallB = nodeB.select(Firewall.class).get();
    }

    @AfterEach
    void stopNodes() {
        for (WeldContainer node : new WeldContainer[] {nodeA, nodeB}) {
            if (node != null) {
                node.shutdown();
            }
        }
    }

    private static WeldContainer node(String id) {
        return new Weld(id)
                .disableDiscovery()
                .addBeanClasses(
                        Firewall.class,
                        ConfigProducer.class,
                        DataSources.class,
                        ManagedScheduler.class,
                        RecordingBroker.class)
                .initialize();
    }

    private static void receive(WeldContainer node, Announcement announcement) {
        node.event().select(Announcement.class).fire(announcement);
    }

    @Test
    void aBanOnOneNodeHoldsOnTheOtherWithTheSameEnd() {
        Ban ban = firewallA.ban("192.0.2.10", Duration.ofMinutes(10), "abuse");

        assertThat(firewallB.isBanned("192.0.2.10")).isTrue();
        assertThat(firewallB.admit(ip("192.0.2.10"), false))
                .get()
                .extracting(Refusal::rule)
                .isEqualTo(Firewall.RULE_BAN);
        assertThat(firewallB.bans()).as("the same start, end and reason").containsExactly(ban);
        assertThat(brokerA.announced()).extracting(Announcement::subject).containsExactly(BanAnnouncements.BAN);
        assertThat(brokerB.announced())
                .as("a received ban is not announced again")
                .isEmpty();
        assertThat(firewallB.counters()).containsEntry("bans-received", 1L).doesNotContainKey("bans-issued");
    }

    @Test
    void aBruteForceBanReachesTheOtherNode() {
        boolean banned = false;
        for (int i = 0; i < 10 && !banned; i++) {
            banned = firewallA.registerFailedAttempt(ip("198.51.100.7"));
        }

        assertThat(banned).as("the default ten failures ban").isTrue();
        assertThat(firewallB.isBanned("198.51.100.7")).isTrue();
        assertThat(firewallB.bans()).isEqualTo(firewallA.bans());
    }

    @Test
    void aPermanentBanStaysPermanentOnTheOtherNode() {
        firewallA.ban("192.0.2.11", Duration.ZERO, "for good");

        assertThat(firewallB.bans())
                .singleElement()
                .satisfies(ban -> assertThat(ban.until()).isEmpty());
    }

    @Test
    void anIpv6BanCoversTheSameNetworkOnTheOtherNode() {
        firewallA.ban("2001:db8::1", Duration.ofMinutes(5), "abuse");

        assertThat(firewallB.isBanned("2001:db8::ffff")).isTrue();
        assertThat(firewallB.isBanned("2001:db8:0:1::1")).isFalse();
    }

    @Test
    void anUnbanOnEitherNodeLiftsTheBanOnBoth() {
        firewallA.ban("192.0.2.12", Duration.ofMinutes(10), "abuse");
        assertThat(firewallB.isBanned("192.0.2.12")).isTrue();

        assertThat(firewallB.unban("192.0.2.12")).isTrue();

        assertThat(firewallA.isBanned("192.0.2.12")).isFalse();
        assertThat(brokerB.announced()).extracting(Announcement::subject).containsExactly(BanAnnouncements.UNBAN);
        assertThat(brokerA.announced())
                .as("the lifted ban is not announced back")
                .extracting(Announcement::subject)
                .containsExactly(BanAnnouncements.BAN);
    }

    @Test
    void aReceivedBanBansTheAddressFromItsBodyAlone() {
        Instant until = Instant.now().plus(Duration.ofMinutes(3)).plusNanos(7);
        receive(
                nodeB,
                new Announcement(
                        "firewall.ban",
                        "{\"address\":\"203.0.113.5\",\"bannedAt\":\"2026-01-01T00:00:00Z\",\"until\":\"" + until
                                + "\",\"reason\":\"threat score\",\"since\":\"a later version\"}"));

        assertThat(firewallB.bans())
                .containsExactly(new Ban(
                        "203.0.113.5", Instant.parse("2026-01-01T00:00:00Z"), Optional.of(until), "threat score"));
        assertThat(brokerB.announced()).isEmpty();
    }

    @Test
    void malformedOrForeignBansAreIgnored() {
        String valid = "\"bannedAt\":\"2026-01-01T00:00:00Z\",\"until\":null,\"reason\":\"r\"";
        List<Announcement> bad = List.of(
                new Announcement("firewall.ban", "not json"),
                new Announcement("firewall.ban", "[\"203.0.113.5\"]"),
                new Announcement("firewall.ban", "{}"),
                new Announcement("firewall.ban", "{\"address\":\"203.0.113.5\"}"),
                new Announcement("firewall.ban", "{\"address\":\"example.com\"," + valid + "}"),
                new Announcement("firewall.ban", "{\"address\":\"2001:db8::/48\"," + valid + "}"),
                new Announcement("firewall.ban", "{\"address\":203," + valid + "}"),
                new Announcement(
                        "firewall.ban",
                        "{\"address\":\"203.0.113.5\",\"bannedAt\":1767225600000,\"until\":null,\"reason\":\"r\"}"),
                new Announcement(
                        "firewall.ban",
                        "{\"address\":\"203.0.113.5\",\"bannedAt\":\"2026-01-01T00:00:00Z\",\"until\":\"soon\","
                                + "\"reason\":\"r\"}"),
                new Announcement(
                        "firewall.ban",
                        "{\"address\":\"203.0.113.5\",\"bannedAt\":\"2026-01-01T00:00:00Z\",\"until\":null,"
                                + "\"reason\":\"" + "x".repeat(201) + "\"}"),
                new Announcement("firewall.ban", "{\"address\":\"203.0.113.5\"," + valid + "} trailing"),
                new Announcement(
                        "firewall.ban",
                        "{\"address\":\"203.0.113.5\"," + valid + ",\"pad\":\"" + "x".repeat(1024) + "\"}"),
                new Announcement(
                        "firewall.ban",
                        "{\"address\":\"203.0.113.5\",\"bannedAt\":\"2026-01-01T00:00:00Z\","
                                + "\"until\":\"2026-01-01T00:00:01Z\",\"reason\":\"over long ago\"}"));

        for (Announcement announcement : bad) {
            receive(nodeB, announcement);
        }

        assertThat(firewallB.bans()).isEmpty();
        assertThat(firewallB.isBanned("203.0.113.5")).isFalse();
    }

    @Test
    void aMalformedUnbanLiftsNothing() {
        firewallA.ban("192.0.2.13", Duration.ofMinutes(10), "abuse");

        receive(nodeB, new Announcement("firewall.unban", "{\"address\":5}"));
        receive(nodeB, new Announcement("firewall.unban", "192.0.2.13"));
        receive(nodeB, new Announcement("firewall.unbanned", "{\"address\":\"192.0.2.13\"}"));

        assertThat(firewallB.isBanned("192.0.2.13")).isTrue();
    }
}
