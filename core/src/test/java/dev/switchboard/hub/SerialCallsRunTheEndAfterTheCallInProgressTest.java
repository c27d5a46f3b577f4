package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Await;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link SerialCalls#later} never waits for a call in progress and never runs inside one. */
class SerialCallsRunTheEndAfterTheCallInProgressTest {

    private final SerialCalls calls = new SerialCalls();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @Test
    void aLaterCallRunsAtOnceWhenNoCallIsInProgress() {
        calls.later(() -> ran.add("late on " + Thread.currentThread().getName()));

        assertThat(ran).containsExactly("late on " + Thread.currentThread().getName());
    }

    @Test
    void aLaterCallMadeInsideACallRunsAfterItInOrder() {
        calls.enter();
        calls.later(() -> ran.add("first late"));
        calls.later(() -> ran.add("second late"));
        ran.add("the call goes on");
        calls.exit();

        assertThat(ran).containsExactly("the call goes on", "first late", "second late");
    }

    @Test
    void aLaterCallFromAnotherThreadDoesNotWaitAndRunsOnTheThreadThatExits() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread caller = Thread.ofPlatform().name("in-a-call").start(() -> {
            calls.enter();
            try {
                entered.countDown();
                release.await(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                ran.add("the call ends");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                calls.exit();
            }
        });
        assertThat(entered.await(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .isTrue();

        calls.later(() -> ran.add("late on " + Thread.currentThread().getName()));
        assertThat(ran).as("queued, not waited for").isEmpty();
        release.countDown();
        caller.join(Await.DEADLINE.toMillis());

        assertThat(ran).containsExactly("the call ends", "late on in-a-call");
    }

    @Test
    void aMessageCallWaitsForTheCallInProgress() throws Exception {
        calls.enter();
        Thread next = Thread.ofPlatform().start(() -> {
            calls.enter();
            try {
                ran.add("next call");
            } finally {
                calls.exit();
            }
        });
        Await.until("the next call waiting", () -> next.getState() == Thread.State.WAITING);
        ran.add("first call");
        calls.exit();
        next.join(Await.DEADLINE.toMillis());

        assertThat(ran).containsExactly("first call", "next call");
    }
}
