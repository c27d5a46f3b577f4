package dev.switchboard.bench;

/**
 * The servers of a run and how the driver speaks to each: the same scenarios, different wire formats.
 * Switchboard fans out over the sgc protocol ({@code sgc@subscribe}, {@code sgc@publish}, {@code sgc@event}); the
 * baseline over {@link RawBroadcastEndpoint}'s two commands, and the Node.js ws peer ({@link NodeWsPeer}) over the
 * same two commands.
 */
enum ServerKind {
    SWITCHBOARD("switchboard", "Switchboard") {
        @Override
        String fanoutSubprotocol() {
            return "esegece.com";
        }

        @Override
        String subscribeMessage() {
            return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + CHANNEL
                    + "\"},\"id\":\"sub\"}";
        }

        @Override
        boolean isSubscribed(String text) {
            return text.contains("\"method\":\"sgc@subscribe\"");
        }

        @Override
        String publishMessage(String payload) {
            // No id: a publication with an id is acknowledged to the publisher, which the baseline has no match for.
            return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + CHANNEL
                    + "\",\"message\":\"" + payload + "\"}}";
        }

        @Override
        String payloadOf(String text) {
            if (!text.contains("\"method\":\"sgc@event\"")) {
                return null;
            }
            int start = text.indexOf(MESSAGE_FIELD);
            if (start < 0) {
                return null;
            }
            start += MESSAGE_FIELD.length();
            int end = text.indexOf('"', start);
            return end < 0 ? null : text.substring(start, end);
        }
    },
    BASELINE("baseline", "Raw Jetty") {
        @Override
        String fanoutSubprotocol() {
            return null;
        }

        @Override
        String subscribeMessage() {
            return "SUB";
        }

        @Override
        boolean isSubscribed(String text) {
            return text.equals("SUBSCRIBED");
        }

        @Override
        String publishMessage(String payload) {
            return "PUB " + payload;
        }

        @Override
        String payloadOf(String text) {
            return text.isEmpty() || !Character.isDigit(text.charAt(0)) ? null : text;
        }
    },
    /** The Node.js ws peer: no {@link BenchServer}, but the baseline's endpoints, paths and wire format. */
    NODE_WS("node-ws", "Node ws") {
        @Override
        String fanoutSubprotocol() {
            return BASELINE.fanoutSubprotocol();
        }

        @Override
        String subscribeMessage() {
            return BASELINE.subscribeMessage();
        }

        @Override
        boolean isSubscribed(String text) {
            return BASELINE.isSubscribed(text);
        }

        @Override
        String publishMessage(String payload) {
            return BASELINE.publishMessage(payload);
        }

        @Override
        String payloadOf(String text) {
            return BASELINE.payloadOf(text);
        }
    };

    /** The one channel of the fan-out scenario. */
    static final String CHANNEL = "bench";

    private static final String MESSAGE_FIELD = "\"message\":\"";

    private final String id;
    private final String label;

    ServerKind(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The argument of {@link BenchServer} (Switchboard and the baseline) and the key in the results. */
    String id() {
        return id;
    }

    /** The name in the report. */
    String label() {
        return label;
    }

    /** The path of the echo endpoint (Switchboard takes every path; the baseline's and Node's endpoint is here). */
    String echoPath() {
        return "/echo";
    }

    /** The path of the fan-out endpoint. */
    String fanoutPath() {
        return "/fanout";
    }

    /** The subprotocol fan-out connections offer, or null. */
    abstract String fanoutSubprotocol();

    /** What a subscriber sends to join the channel. */
    abstract String subscribeMessage();

    /** Whether a received text confirms the subscription. */
    abstract boolean isSubscribed(String text);

    /** What the publisher sends to publish a payload (digits and spaces only, so no escaping is needed). */
    abstract String publishMessage(String payload);

    /** The published payload inside a received text, or null when the text is not a publication. */
    abstract String payloadOf(String text);
}
