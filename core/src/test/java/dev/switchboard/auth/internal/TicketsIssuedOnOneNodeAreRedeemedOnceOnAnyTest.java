package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.Identity;
import dev.switchboard.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@link JdbcTicketStore}s over one H2 database are two nodes' views of the database a cluster shares: what one
 * issues the other redeems, once, and the budgets and withdrawals hold for both.
 */
class TicketsIssuedOnOneNodeAreRedeemedOnceOnAnyTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock();
    /** A login's expiry has the clock's full precision; a ticket must carry it unchanged. */
    private final Instant loginEnd = MutableClock.START.plusSeconds(28_800).plusNanos(123_456_789);

    private final Identity alice =
            new Identity("alice ✓", Set.of("user", "admin"), Logins.SESSION_METHOD, Optional.of(loginEnd));
    private final Identity bob = new Identity("bob", Set.of("user"), Logins.SESSION_METHOD, Optional.of(loginEnd));

    private JdbcDataSource database;
    private ExecutorService threads;

    @BeforeEach
    void database() {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:tickets-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @AfterEach
    void stopThreads() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    private JdbcTicketStore node(int capacity, int perUser) {
        return new JdbcTicketStore(database, clock, TTL, capacity, perUser);
    }

    @Test
    void aTicketIssuedOnOneNodeIsRedeemedOnTheOtherWithItsIdentityExactly() {
        JdbcTicketStore a = node(100, 10);
        JdbcTicketStore b = node(100, 10);
        String ticket = a.issue(alice);

        Optional<TicketStore.Ticket> redeemed = b.redeem(ticket);

        assertThat(redeemed).get().extracting(TicketStore.Ticket::identity).isEqualTo(alice);
        assertThat(redeemed.get().expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(Logins.ofLogin(redeemed.get().identity(), alice))
                .as("still the login's, to the nanosecond")
                .isTrue();
    }

    @Test
    void aSecondRedemptionFailsOnEitherNode() {
        JdbcTicketStore a = node(100, 10);
        JdbcTicketStore b = node(100, 10);
        String ticket = a.issue(alice);
        assertThat(b.redeem(ticket)).isPresent();

        assertThat(b.redeem(ticket)).isEmpty();
        assertThat(a.redeem(ticket)).isEmpty();
        assertThat(a.redeem("made-up")).isEmpty();
        assertThat(b.redeem(Tickets.draw(new java.security.SecureRandom())))
                .as("well formed but never issued")
                .isEmpty();
    }

    @Test
    void racingRedemptionsOnBothNodesHaveExactlyOneWinner() throws Exception {
        JdbcTicketStore a = node(1_000, 1_000);
        JdbcTicketStore b = node(1_000, 1_000);
        int racersPerNode = 8;
        threads = Executors.newFixedThreadPool(2 * racersPerNode);
        for (int round = 0; round < 20; round++) {
            String ticket = (round % 2 == 0 ? a : b).issue(alice);
            CountDownLatch ready = new CountDownLatch(2 * racersPerNode);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<TicketStore.Ticket>>> racers = new ArrayList<>();
            for (int i = 0; i < 2 * racersPerNode; i++) {
                JdbcTicketStore node = i % 2 == 0 ? a : b;
                racers.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return node.redeem(ticket);
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            int winners = 0;
            for (Future<Optional<TicketStore.Ticket>> racer : racers) {
                if (racer.get(10, TimeUnit.SECONDS).isPresent()) {
                    winners++;
                }
            }
            assertThat(winners).as("winners of round " + round).isEqualTo(1);
        }
    }

    @Test
    void anExpiredTicketIsRefusedOnEveryNode() {
        JdbcTicketStore a = node(100, 10);
        JdbcTicketStore b = node(100, 10);
        String ticket = a.issue(alice);
        clock.advance(TTL);
        assertThat(b.redeem(ticket)).isEmpty();
        assertThat(a.redeem(ticket)).isEmpty();

        String fresh = a.issue(alice);
        clock.advance(TTL.minusSeconds(1));
        assertThat(b.redeem(fresh)).isPresent();
    }

    @Test
    void aUsersBudgetCountsTheTicketsOfEveryNode() {
        JdbcTicketStore a = node(100, 2);
        JdbcTicketStore b = node(100, 2);
        a.issue(alice);
        clock.advance(Duration.ofSeconds(10));
        String second = b.issue(alice);

        assertThatThrownBy(() -> a.issue(alice)).isInstanceOfSatisfying(TicketLimitException.class, e -> {
            assertThat(e.perUser()).isTrue();
            // The oldest of alice's tickets, issued on the other node, expires 20 s from now.
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        });
        assertThat(b.issue(bob)).as("another user still gets one").isNotNull();

        assertThat(a.redeem(second)).isPresent();
        assertThat(b.issue(alice)).as("a redeemed ticket frees its place").isNotNull();
    }

    @Test
    void racingIssuesOfOneUserOnOneNodeStayWithinTheUsersBudget() throws Exception {
        JdbcTicketStore a = node(1_000, 5);
        int racers = 16;
        threads = Executors.newFixedThreadPool(racers);
        CountDownLatch ready = new CountDownLatch(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> issues = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            issues.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                try {
                    a.issue(alice);
                    return true;
                } catch (TicketLimitException e) {
                    return false;
                }
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        int issued = 0;
        for (Future<Boolean> issue : issues) {
            issued += issue.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(issued).isEqualTo(5);
    }

    @Test
    void theTotalBudgetIsTheClustersAndNamesItself() {
        JdbcTicketStore a = node(1, 5);
        JdbcTicketStore b = node(1, 5);
        a.issue(bob);
        assertThatThrownBy(() -> b.issue(alice)).isInstanceOfSatisfying(TicketLimitException.class, e -> {
            assertThat(e.perUser()).isFalse();
            assertThat(e.retryAfter()).isEqualTo(TTL);
        });
        clock.advance(TTL);
        assertThat(b.issue(alice)).as("an expired ticket frees its place").isNotNull();
    }

    @Test
    void issuingPurgesExpiredTicketsABoundedBatchAtATime() {
        JdbcTicketStore a = node(1_000, 1_000);
        JdbcTicketStore b = node(1_000, 1_000);
        int expired = JdbcTicketStore.PURGE_BATCH + 50;
        for (int i = 0; i < expired; i++) {
            a.issue(alice);
        }
        clock.advance(TTL);

        b.issue(bob);
        assertThat(b.size())
                .as("one batch purged, the new ticket added")
                .isEqualTo(expired - JdbcTicketStore.PURGE_BATCH + 1);
        a.issue(bob);
        assertThat(a.size()).as("the rest purged by the next issue").isEqualTo(2);
    }

    @Test
    void logoutOnOneNodeWithdrawsTheLoginsTicketsForEveryNode() {
        JdbcTicketStore a = node(100, 10);
        JdbcTicketStore b = node(100, 10);
        Identity otherLogin = alice.withProof(Logins.SESSION_METHOD, Optional.of(loginEnd.plusNanos(1)));
        List<String> ended = List.of(a.issue(alice), a.issue(alice), b.issue(alice));
        String kept = a.issue(otherLogin);

        assertThat(b.revokeLogin(alice)).isEqualTo(3);

        for (String ticket : ended) {
            assertThat(a.redeem(ticket)).isEmpty();
            assertThat(b.redeem(ticket)).isEmpty();
        }
        assertThat(b.redeem(kept)).as("the user's other login keeps its ticket").isPresent();
        assertThat(a.revokeLogin(bob)).isZero();
    }

    @Test
    void theDatabaseHoldsTheTicketsHashNeverTheTicket() throws Exception {
        JdbcTicketStore a = node(100, 10);
        String ticket = a.issue(alice);
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8)));

        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM sb_ticket")) {
            ResultSetMetaData columns = rows.getMetaData();
            assertThat(rows.next()).isTrue();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                assertThat(String.valueOf(rows.getObject(i)))
                        .as(columns.getColumnName(i))
                        .doesNotContain(ticket);
            }
            assertThat(rows.getString("hash")).isEqualTo(hash);
            assertThat(rows.next()).isFalse();
        }
    }
}
