package dev.switchboard.client.testing;

import dev.switchboard.client.link.LinkClosed;
import dev.switchboard.client.link.LinkListener;
import dev.switchboard.client.link.LinkSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Records what a link reports, in order, and waits for it with a deadline. */
public class RecordingListener implements LinkListener {

    /**
     * Every event, as text, in order: {@code opened:websocket}, {@code text:...}, {@code closed:1006:true:reason},
     * {@code dropped:text:reason}.
     */
    public final List<String> events = new CopyOnWriteArrayList<>();

    public final List<LinkSession> sessions = new CopyOnWriteArrayList<>();
    public final List<String> texts = new CopyOnWriteArrayList<>();
    public final List<LinkClosed> closes = new CopyOnWriteArrayList<>();
    public final List<String> dropped = new CopyOnWriteArrayList<>();
    public final List<Throwable> errors = new CopyOnWriteArrayList<>();

    /** Calls that overlapped another call: must stay 0, the link serialises them. */
    public final AtomicInteger overlaps = new AtomicInteger();

    private final AtomicInteger inside = new AtomicInteger();
    private volatile Consumer<LinkSession> onOpened = session -> {};

    /** Runs {@code action} inside {@link #opened}, after recording it (to send with {@code sendNow}). */
    public RecordingListener onOpened(Consumer<LinkSession> action) {
        onOpened = action;
        return this;
    }

    private void enter() {
        if (inside.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
        }
    }

    private void leave() {
        inside.decrementAndGet();
    }

    @Override
    public void opened(LinkSession session) {
        enter();
        try {
            sessions.add(session);
            events.add("opened:" + session.transport());
            onOpened.accept(session);
        } finally {
            leave();
        }
    }

    @Override
    public void text(String text) {
        enter();
        try {
            texts.add(text);
            events.add("text:" + text);
        } finally {
            leave();
        }
    }

    @Override
    public void closed(LinkClosed closed) {
        enter();
        try {
            closes.add(closed);
            events.add("closed:" + closed.code() + ":" + closed.retrying() + ":" + closed.reason());
        } finally {
            leave();
        }
    }

    @Override
    public void dropped(String text, String reason) {
        enter();
        try {
            dropped.add(text);
            events.add("dropped:" + text + ":" + reason);
        } finally {
            leave();
        }
    }

    @Override
    public void error(Throwable error) {
        errors.add(error);
        events.add("error:" + error.getMessage());
    }

    /** Waits for the {@code n}th session (1 for the first) and returns it. */
    public LinkSession awaitOpened(int n) {
        Await.until(() -> "session " + n + " opened; events " + events, Await.DEADLINE, () -> sessions.size() >= n);
        return sessions.get(n - 1);
    }

    /** Waits for the {@code n}th close (1 for the first) and returns it. */
    public LinkClosed awaitClosed(int n) {
        return awaitClosed(n, Await.DEADLINE);
    }

    /** Waits for the {@code n}th close, up to {@code within}. */
    public LinkClosed awaitClosed(int n, Duration within) {
        Await.until(() -> "close " + n + "; events " + events, within, () -> closes.size() >= n);
        return closes.get(n - 1);
    }

    /** Waits for a text that matches and returns it. */
    public String awaitText(String what, Predicate<String> match) {
        Await.until(
                () -> what + "; events " + events,
                Await.DEADLINE,
                () -> texts.stream().anyMatch(match));
        return texts.stream().filter(match).findFirst().orElseThrow();
    }

    /** The texts that contain {@code part}, in order. */
    public List<String> textsContaining(String part) {
        List<String> found = new ArrayList<>();
        for (String text : texts) {
            if (text.contains(part)) {
                found.add(text);
            }
        }
        return found;
    }
}
