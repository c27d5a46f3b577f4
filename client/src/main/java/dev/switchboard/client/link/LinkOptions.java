package dev.switchboard.client.link;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * Everything a {@link Link} is configured with: immutable, built with {@link #builder(String...)}. Each builder
 * method's Javadoc gives the default.
 */
public final class LinkOptions {

    /** Default capacity of the offline queue, in frames. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;

    /** Default largest text message (or SSE event) the link accepts from the server: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

    private final List<URI> urls;
    private final List<String> subprotocols;
    private final Map<String, List<String>> headers;
    private final LinkAuth auth;
    private final List<LinkTransport> transports;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration heartbeatInterval;
    private final Duration pongTimeout;
    private final boolean reconnect;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int maxAttempts;
    private final int queueCapacity;
    private final QueueOverflow overflow;
    private final int maxTextMessageSize;
    private final int maxBinaryMessageSize;
    private final boolean permessageDeflate;
    private final LinkProxy proxy;
    private final SSLContext sslContext;
    private final Store trustStore;
    private final Store keyStore;
    private final boolean hostnameVerification;
    private final Executor executor;
    private final String name;

    private LinkOptions(Builder b) {
        this.urls = List.copyOf(b.urls);
        this.subprotocols = List.copyOf(b.subprotocols);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        b.headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(copy);
        this.auth = b.auth;
        this.transports = List.copyOf(b.transports);
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.heartbeatInterval = b.heartbeatInterval;
        this.pongTimeout = b.pongTimeout;
        this.reconnect = b.reconnect;
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.maxAttempts = b.maxAttempts;
        this.queueCapacity = b.queueCapacity;
        this.overflow = b.overflow;
        this.maxTextMessageSize = b.maxTextMessageSize;
        this.maxBinaryMessageSize = b.maxBinaryMessageSize;
        this.permessageDeflate = b.permessageDeflate;
        this.proxy = b.proxy;
        this.sslContext = b.sslContext;
        this.trustStore = b.trustStore;
        this.keyStore = b.keyStore;
        this.hostnameVerification = b.hostnameVerification;
        this.executor = b.executor;
        this.name = b.name;
    }

    /**
     * Starts options for a list of servers, tried in turn: {@code ws://}, {@code wss://}, or {@code http://} and
     * {@code https://} (taken as {@code ws://} and {@code wss://}). The SSE fallback and the logins use the URL's
     * directory ({@code ws://host/app/} serves {@code http://host/app/esegece.com}).
     */
    public static Builder builder(String... urls) {
        Builder builder = new Builder();
        for (String url : urls) {
            builder.url(URI.create(url));
        }
        return builder;
    }

    /** The servers, in the order they are tried. */
    public List<URI> urls() {
        return urls;
    }

    /** The subprotocols offered on the WebSocket upgrade, in order of preference. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Headers added to the WebSocket upgrade, the SSE stream and its POSTs. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The credential applied on every attempt. */
    public LinkAuth auth() {
        return auth;
    }

    /** The transports tried on each server, in order. */
    public List<LinkTransport> transports() {
        return transports;
    }

    /** How long a TCP (and TLS, and proxy) connect and an upgrade or login may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long an open transport may receive nothing before it is closed; {@link Duration#ZERO} for never. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Interval of the link's pings; {@link Duration#ZERO} turns the heartbeat off. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** How long after a ping the link waits for any frame before it treats the transport as lost. */
    public Duration pongTimeout() {
        return pongTimeout;
    }

    /** Whether the link reconnects after a loss. */
    public boolean reconnect() {
        return reconnect;
    }

    /** The backoff ceiling of the first reconnect attempt; it doubles with each failed attempt. */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** The largest backoff ceiling. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** Failed attempts in a row after which the link gives up ({@code 0}: never). */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Frames the offline queue holds. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** What a full offline queue does with one more frame. */
    public QueueOverflow overflow() {
        return overflow;
    }

    /** The largest text message (or SSE event) accepted from the server, in bytes. */
    public int maxTextMessageSize() {
        return maxTextMessageSize;
    }

    /** The largest binary message accepted from the server, in bytes. */
    public int maxBinaryMessageSize() {
        return maxBinaryMessageSize;
    }

    /** Whether the WebSocket upgrade offers permessage-deflate (RFC 7692). */
    public boolean permessageDeflate() {
        return permessageDeflate;
    }

    /** The proxy, if any. */
    public Optional<LinkProxy> proxy() {
        return Optional.ofNullable(proxy);
    }

    /** An SSL context that replaces the trust and key stores, if one was given. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** The trust store for {@code wss://} and {@code https://}, if one was given (else the JVM's). */
    public Optional<Store> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    /** The key store holding the client certificate, if one was given. */
    public Optional<Store> keyStore() {
        return Optional.ofNullable(keyStore);
    }

    /** Whether the server certificate's name must match the URL's host. */
    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    /** The executor of the listener calls and of the transport's blocking work, if the caller gave one. */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /** The prefix of the link's thread names. */
    public String name() {
        return name;
    }

    /**
     * A key store file.
     *
     * @param path the file
     * @param password its password (also the key's password for a key store)
     * @param type {@code PKCS12} or {@code JKS}
     */
    public record Store(Path path, String password, String type) {
        /** Checks the parts. */
        public Store {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String toString() {
            return "Store[" + path + ", " + type + "]";
        }
    }

    /** Builds {@link LinkOptions}. Not thread-safe. */
    public static final class Builder {
        private final List<URI> urls = new ArrayList<>();
        private final List<String> subprotocols = new ArrayList<>();
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private LinkAuth auth = LinkAuth.none();
        private List<LinkTransport> transports = List.of(LinkTransport.WEBSOCKET, LinkTransport.SSE);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ZERO;
        private Duration heartbeatInterval = Duration.ofSeconds(30);
        private Duration pongTimeout = Duration.ofSeconds(10);
        private boolean reconnect = true;
        private Duration initialDelay = Duration.ofSeconds(1);
        private Duration maxDelay = Duration.ofSeconds(30);
        private int maxAttempts;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private QueueOverflow overflow = QueueOverflow.DROP_OLDEST;
        private int maxTextMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int maxBinaryMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private boolean permessageDeflate = true;
        private LinkProxy proxy;
        private SSLContext sslContext;
        private Store trustStore;
        private Store keyStore;
        private boolean hostnameVerification = true;
        private Executor executor;
        private String name = "switchboard-link";

        private Builder() {}

        /** Adds a server to the list (see {@link LinkOptions#builder(String...)} for the schemes). */
        public Builder url(URI url) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            String ws = switch (scheme) {
                case "ws", "http" -> "ws";
                case "wss", "https" -> "wss";
                default -> throw new IllegalArgumentException("not a ws, wss, http or https URL: " + url);
            };
            if (url.getHost() == null) {
                throw new IllegalArgumentException("URL without a host: " + url);
            }
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            urls.add(URI.create(ws + "://" + url.getRawAuthority() + path
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())));
            return this;
        }

        /** Adds a server to the list. */
        public Builder url(String url) {
            return url(URI.create(url));
        }

        /** The subprotocols to offer, in order of preference. Default: none. */
        public Builder subprotocols(String... names) {
            subprotocols.clear();
            subprotocols.addAll(List.of(names));
            return this;
        }

        /** Adds a header to every request of the link (upgrade, SSE stream, POSTs). Default: none. */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        /** The credential. Default: {@link LinkAuth#none()}. */
        public Builder auth(LinkAuth value) {
            auth = Objects.requireNonNull(value, "auth");
            return this;
        }

        /** The transports to try on each server, in order. Default: WebSocket, then SSE. */
        public Builder transports(LinkTransport... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("at least one transport");
            }
            transports = List.of(values);
            return this;
        }

        /** Connect (TCP, TLS, proxy), upgrade and login timeout. Default 10 s. */
        public Builder connectTimeout(Duration value) {
            connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /** Idle timeout of an open transport; {@link Duration#ZERO} for none. Default: none (the heartbeat watches). */
        public Builder readTimeout(Duration value) {
            readTimeout = notNegative(value, "readTimeout");
            return this;
        }

        /**
         * The heartbeat: a WebSocket ping every {@code interval}; when no frame at all arrives within
         * {@code pongTimeout} of a ping, the transport is treated as lost (reported with 1006) and the link
         * reconnects. On SSE, where the client cannot ping, the server's comment lines count: no byte for
         * {@code interval + pongTimeout} is a loss (the server sends one every 15 s by default). Defaults 30 s and
         * 10 s; an interval of {@link Duration#ZERO} turns it off.
         */
        public Builder heartbeat(Duration interval, Duration pongTimeout) {
            heartbeatInterval = notNegative(interval, "heartbeat interval");
            this.pongTimeout = positive(pongTimeout, "pongTimeout");
            return this;
        }

        /** Whether to reconnect after a loss. Default true. */
        public Builder reconnect(boolean value) {
            reconnect = value;
            return this;
        }

        /**
         * The backoff: attempt {@code n} (0 for the first after a loss) waits a random time between 0 and
         * {@code min(maxDelay, initialDelay * 2^n)} ("full jitter"). Defaults 1 s and 30 s.
         */
        public Builder backoff(Duration initialDelay, Duration maxDelay) {
            this.initialDelay = positive(initialDelay, "initialDelay");
            this.maxDelay = positive(maxDelay, "maxDelay");
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("maxDelay below initialDelay");
            }
            return this;
        }

        /** Failed attempts in a row after which the link is closed; 0 for never. Default 0. */
        public Builder maxAttempts(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxAttempts < 0");
            }
            maxAttempts = value;
            return this;
        }

        /** The offline queue: capacity in frames and overflow policy. Defaults 1000 and {@code DROP_OLDEST}. */
        public Builder queue(int capacity, QueueOverflow policy) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queue capacity < 1");
            }
            queueCapacity = capacity;
            overflow = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The largest text message (or SSE event) accepted, in bytes. Default 1 MiB. */
        public Builder maxTextMessageSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxTextMessageSize < 1");
            }
            maxTextMessageSize = bytes;
            return this;
        }

        /** The largest binary message accepted, in bytes. Default 1 MiB. */
        public Builder maxBinaryMessageSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBinaryMessageSize < 1");
            }
            maxBinaryMessageSize = bytes;
            return this;
        }

        /** Whether to offer permessage-deflate. Default true. */
        public Builder permessageDeflate(boolean value) {
            permessageDeflate = value;
            return this;
        }

        /** A proxy for every connection of the link. Default: none. */
        public Builder proxy(LinkProxy value) {
            proxy = value;
            return this;
        }

        /** An SSL context to use instead of trust and key stores. Default: none. */
        public Builder sslContext(SSLContext value) {
            sslContext = value;
            return this;
        }

        /** A trust store for the server's certificate. Default: the JVM's trusted authorities. */
        public Builder trustStore(Path path, String password, String type) {
            trustStore = new Store(path, password, type);
            return this;
        }

        /** A key store with the client certificate to present. Default: none. */
        public Builder keyStore(Path path, String password, String type) {
            keyStore = new Store(path, password, type);
            return this;
        }

        /** Whether the server certificate must name the URL's host (RFC 2818). Default true. */
        public Builder hostnameVerification(boolean value) {
            hostnameVerification = value;
            return this;
        }

        /**
         * The executor of listener calls and of the transport's blocking work: a virtual thread executor, or a
         * container's {@code ManagedExecutorService}. The link does not shut it down. Default: a virtual thread per
         * task, owned by the link.
         */
        public Builder executor(Executor value) {
            executor = value;
            return this;
        }

        /** The prefix of the link's thread names. Default {@code switchboard-link}. */
        public Builder name(String value) {
            name = Objects.requireNonNull(value, "name");
            return this;
        }

        /** The options. */
        public LinkOptions build() {
            if (urls.isEmpty()) {
                throw new IllegalStateException("no server URL");
            }
            return new LinkOptions(this);
        }

        private static Duration positive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return value;
        }

        private static Duration notNegative(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative");
            }
            return value;
        }
    }
}
