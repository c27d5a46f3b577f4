package dev.switchboard.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.Await;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On an application server the scheduler hands its timers to the container's executor, which outlives the
 * application: when the application stops, every timer it left there (periodic ones, and one-shots not yet due) is
 * cancelled, so nothing runs against the stopped application or keeps its classes reachable; timers that ran or were
 * cancelled are forgotten as they go; nothing new is scheduled after the stop.
 */
class StoppingCancelsEveryTimerLeftInTheContainersExecutorTest {

    private final ScheduledThreadPoolExecutor container = new ScheduledThreadPoolExecutor(2);

    @AfterEach
    void shutDown() {
        container.shutdownNow();
    }

    @Test
    void stoppingCancelsPeriodicAndPendingTimersAndTheContainersQueueEmpties() throws Exception {
        container.setRemoveOnCancelPolicy(true);
        ManagedScheduler scheduler = ManagedScheduler.over(container);
        AtomicInteger ticks = new AtomicInteger();
        scheduler.scheduleWithFixedDelay(ticks::incrementAndGet, Duration.ZERO, Duration.ofMillis(5));
        scheduler.schedule(() -> {}, Duration.ofHours(1));
        Await.until("the periodic timer ticked", () -> ticks.get() > 2);
        assertThat(scheduler.pendingTimers()).isEqualTo(2);

        scheduler.stop();

        assertThat(scheduler.pendingTimers()).isZero();
        Await.until("the container's queue is empty", () -> container.getQueue().isEmpty());
        int after = ticks.get();
        // Another timer of the container's, queued behind any tick in flight, runs only after it.
        CountDownLatch later = new CountDownLatch(1);
        container.schedule(later::countDown, 50, TimeUnit.MILLISECONDS);
        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ticks.get()).isLessThanOrEqualTo(after + 1);
        assertThatThrownBy(() -> scheduler.schedule(() -> {}, Duration.ofSeconds(1)))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void timersThatRanOrWereCancelledAreForgotten() throws Exception {
        ManagedScheduler scheduler = ManagedScheduler.over(container);
        CountDownLatch ran = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            scheduler.schedule(ran::countDown, Duration.ZERO);
        }
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        Future<?> cancelled = scheduler.scheduleWithFixedDelay(() -> {}, Duration.ofHours(1), Duration.ofHours(1));
        cancelled.cancel(false);

        Await.until("every timer forgotten", () -> scheduler.pendingTimers() == 0);
        assertThat(cancelled.isCancelled()).isTrue();
    }
}
