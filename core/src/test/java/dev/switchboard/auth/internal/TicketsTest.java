package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.Identity;
import dev.switchboard.testing.MutableClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicketsTest {

    private final MutableClock clock = new MutableClock();
    private final Identity alice = new Identity("alice", Set.of("user"), "session", Optional.empty());
    private final Identity bob = new Identity("bob", Set.of("user"), "session", Optional.empty());

    @Test
    void aTicketIsRedeemedOnce() {
        Tickets tickets = new Tickets(clock, Duration.ofSeconds(30), 10, 10);
        String ticket = tickets.issue(alice);
        assertThat(tickets.redeem(ticket))
                .get()
                .extracting(Tickets.Ticket::identity)
                .isEqualTo(alice);
        assertThat(tickets.redeem(ticket)).isEmpty();
        assertThat(tickets.redeem("made-up")).isEmpty();
    }

    @Test
    void anExpiredTicketIsRefused() {
        Tickets tickets = new Tickets(clock, Duration.ofSeconds(30), 10, 10);
        String ticket = tickets.issue(alice);
        clock.advance(Duration.ofSeconds(30));
        assertThat(tickets.redeem(ticket)).isEmpty();
        String fresh = tickets.issue(alice);
        clock.advance(Duration.ofSeconds(29));
        assertThat(tickets.redeem(fresh)).isPresent();
    }

    @Test
    void ticketsAreUniqueUrlSafeAndUnpadded() {
        Tickets tickets = new Tickets(clock, Duration.ofSeconds(30), 1_000, 1_000);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String ticket = tickets.issue(alice);
            assertThat(ticket).matches("[A-Za-z0-9_-]{43}");
            assertThat(seen.add(ticket)).isTrue();
        }
    }

    @Test
    void theTableIsBoundedAndMakesRoomByDroppingExpiredTickets() {
        Tickets tickets = new Tickets(clock, Duration.ofSeconds(30), 3, 3);
        for (int i = 0; i < 3; i++) {
            tickets.issue(alice);
        }
        assertThatThrownBy(() -> tickets.issue(alice)).isInstanceOf(TicketLimitException.class);
        clock.advance(Duration.ofSeconds(31));
        tickets.issue(alice);
        assertThat(tickets.size()).isEqualTo(1);
    }

    @Test
    void oneUserCannotHoldMoreThanTheirBudgetWhileOthersStillGetTickets() {
        Tickets tickets = new Tickets(clock, Duration.ofSeconds(30), 100, 2);
        tickets.issue(alice);
        clock.advance(Duration.ofSeconds(10));
        String second = tickets.issue(alice);

        assertThatThrownBy(() -> tickets.issue(alice)).isInstanceOfSatisfying(TicketLimitException.class, e -> {
            assertThat(e.perUser()).isTrue();
            // The oldest of alice's tickets expires 20 s from now.
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        });
        assertThat(tickets.issue(bob)).isNotNull();

        assertThat(tickets.redeem(second)).isPresent();
        assertThat(tickets.issue(alice)).as("a redeemed ticket frees its place").isNotNull();
    }

    @Test
    void anExpiredTicketFreesItsPlaceInTheUsersBudget() {
        Tickets tickets = new Tickets(clock, Duration.ofSeconds(30), 100, 1);
        tickets.issue(alice);
        assertThatThrownBy(() -> tickets.issue(alice)).isInstanceOf(TicketLimitException.class);
        clock.advance(Duration.ofSeconds(30));
        assertThat(tickets.issue(alice)).isNotNull();
        assertThat(tickets.size()).isEqualTo(1);
    }

    @Test
    void withdrawnTicketsFreeTheirPlaceInTheUsersBudget() {
        Tickets tickets = new Tickets(clock, Duration.ofSeconds(30), 100, 1);
        tickets.issue(alice);
        assertThat(tickets.revokeIf(identity -> identity.name().equals("alice")))
                .isEqualTo(1);
        assertThat(tickets.issue(alice)).isNotNull();
    }

    @Test
    void aFullTableNamesTheNodesBudgetNotTheUsers() {
        Tickets tickets = new Tickets(clock, Duration.ofSeconds(30), 1, 5);
        tickets.issue(bob);
        assertThatThrownBy(() -> tickets.issue(alice))
                .isInstanceOfSatisfying(
                        TicketLimitException.class, e -> assertThat(e.perUser()).isFalse());
    }
}
