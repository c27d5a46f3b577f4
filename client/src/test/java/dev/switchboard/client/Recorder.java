package dev.switchboard.client;

import dev.switchboard.client.testing.Await;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A listener that keeps every event it is told, for tests to wait on and inspect. */
final class Recorder implements SwitchboardListener {

    final List<ClientEvent> all = new CopyOnWriteArrayList<>();

    @Override
    public void open(ClientEvent.Opened opened) {
        all.add(opened);
    }

    @Override
    public void event(ClientEvent.Publication publication) {
        all.add(publication);
    }

    @Override
    public void message(ClientEvent.Message message) {
        all.add(message);
    }

    @Override
    public void gap(ClientEvent.Gap gap) {
        all.add(gap);
    }

    @Override
    public void subscribed(ClientEvent.Subscribed subscribed) {
        all.add(subscribed);
    }

    @Override
    public void unsubscribed(ClientEvent.Unsubscribed unsubscribed) {
        all.add(unsubscribed);
    }

    @Override
    public void draining(ClientEvent.Draining draining) {
        all.add(draining);
    }

    @Override
    public void expiring(ClientEvent.Expiring expiring) {
        all.add(expiring);
    }

    @Override
    public void refreshed(ClientEvent.Refreshed refreshed) {
        all.add(refreshed);
    }

    @Override
    public void error(SwitchboardException error) {
        all.add(new ClientEvent.Failure(error));
    }

    @Override
    public void close(ClientEvent.Closed closed) {
        all.add(closed);
    }

    /** The events of one kind, in order. */
    <T extends ClientEvent> List<T> of(Class<T> kind) {
        return all.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The texts of the publications of a channel, in order. */
    List<String> messages(String channel) {
        return of(ClientEvent.Publication.class).stream()
                .filter(p -> p.channel().equals(channel))
                .map(ClientEvent.Publication::message)
                .toList();
    }

    /** Waits until {@code count} events of a kind match. */
    <T extends ClientEvent> List<T> await(Class<T> kind, Predicate<T> match, int count) {
        return Await.value(
                count + " " + kind.getSimpleName() + " events",
                () -> of(kind).stream().filter(match).toList(),
                found -> found.size() >= count);
    }

    /** Waits until a channel has {@code count} publications. */
    List<String> awaitMessages(String channel, int count) {
        return Await.value(count + " publications on " + channel, () -> messages(channel), m -> m.size() >= count);
    }
}
