package dev.switchboard.sse.internal;

import dev.switchboard.history.StoredPayload;
import dev.switchboard.hub.Hub;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.ReplayPlan;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;

/**
 * What an SSE stream is given from the history when it opens: the head a new subscriber starts at, and for a
 * resuming one the gap signal and the publications it missed, queued ahead of the live ones.
 */
final class SseReplay {

    private static final System.Logger LOG = System.getLogger(SseReplay.class.getName());

    private final Hub hub;
    private final int replayLimit;

    SseReplay(Hub hub, int replayLimit) {
        this.hub = hub;
        this.replayLimit = replayLimit;
    }

    /** The most history entries one channel's replay queues. */
    int limit() {
        return replayLimit;
    }

    Optional<Position> head(String channel) {
        try {
            return Optional.of(hub.historyHead(channel)).filter(Position::isPresent);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Reading the history head of " + LogSafe.of(channel) + " failed", e);
            return Optional.empty();
        }
    }

    /** Queues a channel's gap signal and missed publications; runs under the hub's channel lock. */
    void replay(SseConnection connection, SsePublications publications, String channel, ReplayPlan resume) {
        resume.gap().ifPresent(gap -> connection.sendEvent(EventStream.event(null, "gap", gapJson(channel, gap))));
        for (HistoryStore.Entry entry : resume.entries()) {
            try {
                connection.sendReplay(publications.encodePublicationFrame(StoredPayload.publication(
                        channel,
                        entry.message(),
                        Optional.empty(),
                        entry.offset(),
                        resume.position().epoch())));
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Encoding a replayed publication of " + LogSafe.of(channel) + " for " + connection + " failed",
                        e);
            }
        }
        if (resume.position().isPresent()) {
            connection.sendCursorUpdate(channel, resume.position());
        }
    }

    /**
     * The data of a {@code gap} event.
     *
     * @param channel the channel
     * @param gap     the gap
     * @return JSON text
     */
    static String gapJson(String channel, ReplayPlan.Gap gap) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("channel", channel)
                .add("reason", gap.reason())
                .add("epoch", gap.epoch());
        if (ReplayPlan.Gap.EVICTED.equals(gap.reason())) {
            json.add("from", gap.fromOffset()).add("to", gap.toOffset());
        }
        if (!gap.previousEpoch().isEmpty()) {
            json.add("previousEpoch", gap.previousEpoch());
        }
        return json.build().toString();
    }
}
