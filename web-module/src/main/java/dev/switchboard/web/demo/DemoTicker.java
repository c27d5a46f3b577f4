package dev.switchboard.web.demo;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A one-thread scheduler for a demo publisher: runs a task at a fixed rate on a daemon thread of its own, and keeps
 * running when one run throws (the failure is logged).
 */
final class DemoTicker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DemoTicker.class.getName());

    private final ScheduledExecutorService scheduler;

    DemoTicker(String threadName, long periodMillis, Runnable task) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        // A failed tick must not cancel the schedule.
                        LOG.log(System.Logger.Level.WARNING, threadName + " failed", e);
                    }
                },
                periodMillis,
                periodMillis,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
