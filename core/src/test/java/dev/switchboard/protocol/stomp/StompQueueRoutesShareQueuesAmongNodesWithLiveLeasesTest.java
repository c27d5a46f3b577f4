package dev.switchboard.protocol.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.spi.Broker.Announcement;
import dev.switchboard.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StompQueueRoutesShareQueuesAmongNodesWithLiveLeasesTest {

    private static List<String> targets(StompQueueRoutes routes, String queue, boolean here, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(routes.target(queue, here));
        }
        return out;
    }

    private static void tell(StompQueueRoutes receiver, StompQueueRoutes sender, List<String> queues, boolean gone) {
        for (Announcement announcement : sender.announcements(queues, gone)) {
            assertThat(announcement.subject()).isEqualTo(StompQueueRoutes.SUBJECT);
            receiver.announced(announcement);
        }
    }

    @Test
    void withoutOtherNodesThisNodeDeliversEveryQueueMessage() {
        StompQueueRoutes a = new StompQueueRoutes("a", Duration.ofMinutes(1));
        assertThat(targets(a, "/queue/q", true, 3)).containsOnly("a");
        assertThat(targets(a, "/queue/q", false, 3)).containsOnly("a");
    }

    @Test
    void nodesWithInterestTakeTurnsAndANodeThatLeavesIsNoLongerChosen() {
        StompQueueRoutes a = new StompQueueRoutes("a", Duration.ofMinutes(1));
        StompQueueRoutes b = new StompQueueRoutes("b", Duration.ofMinutes(1));
        StompQueueRoutes c = new StompQueueRoutes("c", Duration.ofMinutes(1));
        tell(a, b, List.of("/queue/q"), false);
        tell(a, c, List.of("/queue/q", "/queue/other"), false);

        assertThat(targets(a, "/queue/q", true, 6)).containsExactly("a", "b", "c", "a", "b", "c");
        assertThat(targets(a, "/queue/q", false, 4)).containsOnly("b", "c").contains("b", "c");
        assertThat(targets(a, "/queue/other", false, 2)).containsOnly("c");

        tell(a, c, List.of("/queue/q"), true);
        assertThat(targets(a, "/queue/q", false, 3)).containsOnly("b");
        assertThat(targets(a, "/queue/other", false, 1)).containsOnly("c");
    }

    @Test
    void aNodeThatStopsRenewingIsDroppedWhenItsLeaseRunsOut() {
        StompQueueRoutes a = new StompQueueRoutes("a", Duration.ofMillis(200));
        StompQueueRoutes dead = new StompQueueRoutes("dead", Duration.ofMillis(200));
        tell(a, dead, List.of("/queue/q"), false);
        assertThat(a.target("/queue/q", false)).isEqualTo("dead");

        Await.until(
                "the dead node's lease to run out",
                () -> a.target("/queue/q", true).equals("a")
                        && a.target("/queue/q", true).equals("a"));
        a.sweep();
        assertThat(targets(a, "/queue/q", false, 2)).containsOnly("a");
    }

    @Test
    void manyQueuesTravelInSeveralBoundedAnnouncementsAndMalformedOnesAreIgnored() {
        StompQueueRoutes a = new StompQueueRoutes("a", Duration.ofMinutes(1));
        StompQueueRoutes b = new StompQueueRoutes("b", Duration.ofMinutes(1));
        List<String> queues = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            queues.add("/queue/" + "x".repeat(200) + i);
        }
        List<Announcement> announcements = b.announcements(queues, false);
        assertThat(announcements).hasSizeGreaterThan(1);
        assertThat(announcements)
                .allSatisfy(
                        announcement -> assertThat(announcement.body().length()).isLessThan(StompQueueRoutes.MAX_BODY));
        announcements.forEach(a::announced);
        assertThat(a.target(queues.get(119), false)).isEqualTo("b");

        a.announced(new Announcement(StompQueueRoutes.SUBJECT, "{\"node\":\"c\",\"queues\":\"/queue/z\"}"));
        a.announced(new Announcement(StompQueueRoutes.SUBJECT, "not json"));
        a.announced(new Announcement(
                StompQueueRoutes.SUBJECT, "{\"node\":\"a\",\"gone\":false,\"queues\":[\"/queue/self\"]}"));
        assertThat(a.target("/queue/z", false)).isEqualTo("a");
        assertThat(a.target("/queue/self", false)).isEqualTo("a");
    }
}
