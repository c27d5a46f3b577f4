package dev.switchboard.client.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PresenceMembersSeeEachOtherJoinTalkAndLeaveTest {

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    /** Everything a listener was told, as lines. */
    static final class Seen implements PresenceListener {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void memberJoined(Member member) {
            lines.add("joined " + member.name() + " (" + member.info() + ")");
        }

        @Override
        public void memberLeft(Member member) {
            lines.add("left " + member.name());
        }

        @Override
        public void channelMemberJoined(String channel, Member member) {
            lines.add(channel + " +" + member.name());
        }

        @Override
        public void channelMemberLeft(String channel, Member member) {
            lines.add(channel + " -" + member.name());
        }

        @Override
        public void message(String channel, Member from, String text) {
            lines.add(channel + " <" + from.name() + "> " + text);
        }

        @Override
        public void invitation(String channel, Member from) {
            lines.add("invited to " + channel + " by " + from.name());
        }

        @Override
        public void error(int code, String text, String channel) {
            lines.add("error " + code);
        }

        void await(String line) {
            Await.until("'" + line + "' in " + lines, () -> lines.contains(line));
        }
    }

    private static PresenceClient connect(Seen seen) throws Exception {
        PresenceClient client = PresenceClient.connect(
                LinkOptions.builder(TestServers.ws(server)).backoff(Duration.ofMillis(20), Duration.ofMillis(200)),
                seen);
        client.session().get(30, TimeUnit.SECONDS);
        return client;
    }

    @Test
    void membersJoinChannelsTalkListInviteAndLeave() throws Exception {
        Seen ann = new Seen();
        Seen bo = new Seen();
        Seen cy = new Seen();
        try (PresenceClient annsClient = connect(ann);
                PresenceClient bosClient = connect(bo);
                PresenceClient cysClient = connect(cy)) {
            Member annMember = annsClient.join("Ann", "ann@example.com").get(30, TimeUnit.SECONDS);
            assertThat(annMember.id()).isEqualTo(annsClient.id());
            bosClient.join("Bo", "").get(30, TimeUnit.SECONDS);
            cysClient.join("Cy", "").get(30, TimeUnit.SECONDS);
            ann.await("joined Cy ()");

            annsClient.subscribe("design").get(30, TimeUnit.SECONDS);
            bosClient.subscribe("design").get(30, TimeUnit.SECONDS);
            ann.await("design +Bo");
            annsClient.publish("draft is up", "design");
            bo.await("design <Ann> draft is up");
            annsClient.publish("lunch?", "");
            cy.await(" <Ann> lunch?");
            assertThat(cy.lines).noneMatch(line -> line.contains("draft is up"));

            assertThat(annsClient.members("design").get(30, TimeUnit.SECONDS))
                    .extracting(Member::name)
                    .containsExactlyInAnyOrder("Ann", "Bo");
            assertThat(annsClient.members("").get(30, TimeUnit.SECONDS))
                    .extracting(Member::name)
                    .contains("Ann", "Bo", "Cy");

            annsClient.invite("design", cysClient.id());
            cy.await("invited to design by Ann");
            cysClient.subscribe("design").get(30, TimeUnit.SECONDS);
            bo.await("design +Cy");

            ExecutionException twice = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class,
                    () -> bosClient.subscribe("design").get(30, TimeUnit.SECONDS));
            assertThat(twice.getCause()).isInstanceOf(PresenceClient.PresenceException.class);
            assertThat(((PresenceClient.PresenceException) twice.getCause()).code())
                    .isEqualTo(11);
            assertThatThrownBy(() -> bosClient.unsubscribe("elsewhere").get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(PresenceClient.PresenceException.class);

            bosClient.unsubscribe("design").get(30, TimeUnit.SECONDS);
            ann.await("design -Bo");
        }
    }

    @Test
    void aMemberThatDisconnectsLeavesItsChannelsAndThePresence() throws Exception {
        Seen stay = new Seen();
        Seen gone = new Seen();
        try (PresenceClient staying = connect(stay)) {
            staying.join("Stays", "").get(30, TimeUnit.SECONDS);
            staying.subscribe("ops").get(30, TimeUnit.SECONDS);
            PresenceClient leaving = connect(gone);
            leaving.join("Goes", "").get(30, TimeUnit.SECONDS);
            leaving.subscribe("ops").get(30, TimeUnit.SECONDS);
            stay.await("ops +Goes");

            leaving.close();

            stay.await("ops -Goes");
            stay.await("left Goes");
            assertThat(stay.lines.indexOf("ops -Goes")).isLessThan(stay.lines.indexOf("left Goes"));
        }
    }

    @Test
    void aMemberWhoseConnectionIsCutJoinsAgainWithItsChannels() throws Exception {
        Seen watcher = new Seen();
        Seen cut = new Seen();
        try (PresenceClient watching = connect(watcher);
                dev.switchboard.client.testing.FaultyProxy proxy =
                        dev.switchboard.client.testing.FaultyProxy.to(server.port());
                PresenceClient member = PresenceClient.connect(
                        LinkOptions.builder(TestServers.ws(proxy.port()))
                                .backoff(Duration.ofMillis(20), Duration.ofMillis(200)),
                        cut)) {
            watching.join("Watcher", "").get(30, TimeUnit.SECONDS);
            watching.subscribe("night-shift").get(30, TimeUnit.SECONDS);
            member.session().get(30, TimeUnit.SECONDS);
            member.join("Dana", "on call").get(30, TimeUnit.SECONDS);
            member.subscribe("night-shift").get(30, TimeUnit.SECONDS);
            String before = member.id();
            watcher.await("night-shift +Dana");

            proxy.cutAll();

            watcher.await("left Dana");
            Await.until(
                    "Dana back in night-shift under a new id",
                    () -> watcher.lines.stream()
                                    .filter("night-shift +Dana"::equals)
                                    .count()
                            == 2);
            assertThat(member.id()).isNotEqualTo(before);
            assertThat(watching.members("night-shift").get(30, TimeUnit.SECONDS))
                    .extracting(Member::name)
                    .containsExactlyInAnyOrder("Watcher", "Dana");
        }
    }
}
