package dev.switchboard.embedded.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

/** The threads a server started, for tests that check none is left once it stopped. */
public final class NewThreads {

    private final Set<Thread> before;
    private final List<String> jvmWide;

    private NewThreads(Set<Thread> before, List<String> jvmWide) {
        this.before = before;
        this.jvmWide = List.copyOf(jvmWide);
    }

    /**
     * Takes note of the threads alive now.
     *
     * @param jvmWide name prefixes of JVM-wide threads any library may start once and keep; they never count
     * @return the snapshot
     */
    public static NewThreads since(List<String> jvmWide) {
        return new NewThreads(Thread.getAllStackTraces().keySet(), jvmWide);
    }

    /** The names of live threads started since the snapshot, JVM-wide ones left out, sorted. */
    public List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> !before.contains(thread))
                .map(Thread::getName)
                .filter(name -> jvmWide.stream().noneMatch(name::startsWith))
                .sorted()
                .toList();
    }

    /** Waits until every thread started since the snapshot has ended, and names the survivors if not. */
    public void awaitAllEnded(String what) {
        awaitAllEnded(what, Await.DEADLINE);
    }

    /**
     * Waits until every thread started since the snapshot has ended, and names the survivors if not.
     *
     * @param what   what started them, for the message
     * @param within how long they may take
     */
    public void awaitAllEnded(String what, java.time.Duration within) {
        try {
            Await.until("every thread " + what + " started to end", within, () -> alive().isEmpty());
        } catch (AssertionError timedOut) {
            assertThat(alive())
                    .as("threads started while " + what + " ran and still alive after its stop")
                    .isEmpty();
            throw timedOut;
        }
    }
}
