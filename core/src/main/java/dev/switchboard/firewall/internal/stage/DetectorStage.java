package dev.switchboard.firewall.internal.stage;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.firewall.FirewallSettings;
import dev.switchboard.firewall.Refusal;
import dev.switchboard.firewall.internal.Client;
import dev.switchboard.firewall.internal.Detector;
import dev.switchboard.firewall.internal.FirewallCounters;
import dev.switchboard.firewall.internal.Normaliser;
import dev.switchboard.firewall.internal.ThreatScores;
import dev.switchboard.spi.FirewallRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The injection detectors (SQL injection, XSS, path traversal, command injection, in that order), each on the
 * paths it is configured for: over a request's path and query (403), and over the text messages of a connection
 * whose handshake path it covers (close 1008); binary messages are never scanned. The text is decoded and normalised
 * once, bounded by {@code inspect-max-chars}. Every detection adds detection points, whether its action is deny or
 * log (log counts {@code <rule>-logged} and lets the text through).
 */
public final class DetectorStage implements FirewallStage {

    private static final System.Logger LOG = System.getLogger(DetectorStage.class.getName());

    private final int inspectMaxChars;
    private final ThreatScores scores;
    private final FirewallCounters counters;
    private final Detector[] kinds;
    private final FirewallSettings.DetectorSettings[] detectors;

    /**
     * Creates the stage with the detectors that are on.
     *
     * @param settings the settings
     * @param scores   where detections add points
     * @param counters where detections in log mode are counted
     */
    public DetectorStage(FirewallSettings settings, ThreatScores scores, FirewallCounters counters) {
        this.inspectMaxChars = settings.inspectMaxChars();
        this.scores = scores;
        this.counters = counters;
        List<Detector> on = new ArrayList<>();
        List<FirewallSettings.DetectorSettings> active = new ArrayList<>();
        for (FirewallSettings.DetectorSettings detector : settings.detectors()) {
            if (detector.enabled() && detector.action() != FirewallSettings.Action.ALLOW) {
                on.add(Detector.valueOf(detector.rule().toUpperCase(Locale.ROOT).replace('-', '_')));
                active.add(detector);
            }
        }
        this.kinds = on.toArray(Detector[]::new);
        this.detectors = active.toArray(FirewallSettings.DetectorSettings[]::new);
    }

    @Override
    public Decision<Refusal> request(FirewallRequest request, Client client) {
        if (kinds.length == 0) {
            return Decision.pass();
        }
        // The path is inspected with the query: a percent-encoded ..%2f or <script> in the path is as much an
        // attack as one in the query. Both are decoded by the Normaliser before matching.
        URI uri = request.requestUri();
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        String inspected = (path == null ? "" : path) + (query == null || query.isEmpty() ? "" : "?" + query);
        // Which detectors apply is decided on the decoded canonical path, like every other path decision.
        return detect(uri.getPath(), inspected, client.key(), "path and query of a request")
                .map(rule -> Decision.refuse(new Refusal(rule, 403, 0, "Forbidden")))
                .orElse(Decision.pass());
    }

    @Override
    public Decision<MessageRefusal> message(InboundMessage message) {
        if (kinds.length == 0 || !message.isText()) {
            return Decision.pass();
        }
        URI uri = message.connection().requestUri();
        return detect(
                        uri == null ? "/" : uri.getPath(),
                        message.inspectedText(),
                        message.client().key(),
                        "message of " + message.connection().id())
                .map(rule ->
                        Decision.refuse(new MessageRefusal(rule, CloseCodes.POLICY_VIOLATION, "Rejected by " + rule)))
                .orElse(Decision.pass());
    }

    @Override
    public boolean refusalsAddThreatPoints() {
        return false;
    }

    /**
     * Runs the detectors that cover a path over a text; a detection in log mode is logged, counted and scored here
     * and not returned.
     *
     * @return the rule of a detection whose action is deny
     */
    private Optional<String> detect(String path, String text, String key, String what) {
        String normalised = null;
        String compact = null;
        for (int i = 0; i < kinds.length; i++) {
            FirewallSettings.DetectorSettings detector = detectors[i];
            if (!detector.appliesTo(path)) {
                continue;
            }
            if (normalised == null) {
                normalised = Normaliser.normalise(text, inspectMaxChars);
                compact = Normaliser.compact(normalised);
            }
            if (kinds[i].matches(normalised, compact, detector.patterns())) {
                scores.detected(key);
                if (detector.action() == FirewallSettings.Action.DENY) {
                    return Optional.of(detector.rule());
                }
                counters.increment(detector.rule() + "-logged");
                LOG.log(
                        System.Logger.Level.INFO,
                        "Firewall rule " + detector.rule() + " fired for " + key + " on the " + what
                                + " (action log: let through)");
            }
        }
        return Optional.empty();
    }
}
