package dev.switchboard.embedded;

import dev.switchboard.config.ConfigKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link SwitchboardServer}, from {@link SwitchboardServer#builder()}; {@link #build()} creates the (not
 * yet started) server.
 */
public final class SwitchboardServerBuilder {
    String host = SwitchboardServer.DEFAULT_HOST;
    int port = SwitchboardServer.DEFAULT_PORT;
    int tlsPort = SwitchboardServer.DEFAULT_TLS_PORT;
    Path keystore;
    String keystorePassword = "";
    String keystoreType = "PKCS12";
    Connectors.ClientAuth clientAuth = Connectors.ClientAuth.NONE;
    String dataSourceName = SwitchboardServer.DEFAULT_DATASOURCE;
    Integer mqttTcpPort;
    String mqttTcpHost;
    Path dataDir;
    Path documentRoot;
    Duration staticMaxAge = WebApplication.DEFAULT_MAX_AGE;
    int staticMaxRanges = WebApplication.DEFAULT_MAX_RANGES;
    final List<Class<?>> beanClasses = new ArrayList<>();
    final Map<String, String> environment = new LinkedHashMap<>();

    SwitchboardServerBuilder() {}

    /**
     * The address to bind.
     *
     * @param value a host name or address; {@code 0.0.0.0} for all interfaces
     * @return this builder
     */
    public SwitchboardServerBuilder host(String value) {
        this.host = Objects.requireNonNull(value, "host");
        return this;
    }

    /**
     * The HTTP port.
     *
     * @param value the port; 0 picks a free one, which {@link SwitchboardServer#port()} then reports
     * @return this builder
     */
    public SwitchboardServerBuilder port(int value) {
        this.port = checkPort(value);
        return this;
    }

    /**
     * The TLS port, used only when a {@linkplain #keystore keystore} is set.
     *
     * @param value the port; 0 picks a free one
     * @return this builder
     */
    public SwitchboardServerBuilder tlsPort(int value) {
        this.tlsPort = checkPort(value);
        return this;
    }

    /**
     * The keystore with the server's certificate and key; setting it opens the TLS connector.
     *
     * @param value the keystore file
     * @return this builder
     */
    public SwitchboardServerBuilder keystore(Path value) {
        if (!Files.isReadable(value)) {
            throw new IllegalArgumentException("TLS keystore " + value + " is not a readable file");
        }
        this.keystore = value;
        return this;
    }

    /**
     * The keystore password (also used for the key).
     *
     * @param value the password
     * @return this builder
     */
    public SwitchboardServerBuilder keystorePassword(String value) {
        this.keystorePassword = Objects.requireNonNull(value, "keystorePassword");
        return this;
    }

    /**
     * The keystore type.
     *
     * @param value {@code PKCS12} or {@code JKS}
     * @return this builder
     */
    public SwitchboardServerBuilder keystoreType(String value) {
        this.keystoreType = Objects.requireNonNull(value, "keystoreType");
        return this;
    }

    /**
     * Asks TLS clients for a certificate that chains to a trust store; a verified certificate becomes the
     * request's identity when {@code switchboard.auth.client-cert} maps it.
     *
     * @param mode       {@code none}, {@code want} (clients without a certificate still connect) or {@code need}
     * @param truststore the trust store (PKCS12 or JKS); required unless the mode is {@code none}
     * @param password   the trust store's password
     * @param type       {@code PKCS12} or {@code JKS}
     * @return this builder
     * @throws IllegalArgumentException for another mode, or a trust store that is missing or unreadable
     */
    public SwitchboardServerBuilder clientAuth(String mode, Path truststore, String password, String type) {
        this.clientAuth = Connectors.ClientAuth.of(mode, truststore, password, type);
        return this;
    }

    /**
     * Opens the plain TCP listener for MQTT clients that do not use WebSocket (without TLS: put a TLS terminator in
     * front of it, or use {@code wss://}). Without this call there is none.
     *
     * @param value the port; 0 picks a free one, which {@link SwitchboardServer#mqttTcpPort()} then reports
     * @return this builder
     */
    public SwitchboardServerBuilder mqttTcpPort(int value) {
        this.mqttTcpPort = checkPort(value);
        return this;
    }

    /**
     * The address the MQTT TCP listener binds.
     *
     * @param value a host name or address; by default the server's {@linkplain #host host}
     * @return this builder
     */
    public SwitchboardServerBuilder mqttTcpHost(String value) {
        this.mqttTcpHost = Objects.requireNonNull(value, "mqttTcpHost");
        return this;
    }

    /**
     * The JNDI name the H2 DataSource is bound to.
     *
     * @param value a name below {@code java:comp/}
     * @return this builder
     */
    public SwitchboardServerBuilder dataSourceName(String value) {
        this.dataSourceName = Objects.requireNonNull(value, "dataSourceName");
        return this;
    }

    /**
     * Keeps the database in a file in this directory instead of in memory.
     *
     * @param value the directory; created when missing
     * @return this builder
     */
    public SwitchboardServerBuilder dataDir(Path value) {
        this.dataDir = value;
        return this;
    }

    /**
     * Serves the files of a directory at the context root, like sgc's {@code DocumentRoot}: with ETag and
     * Last-Modified validation, {@code Cache-Control}, byte ranges and content types, behind Switchboard's firewall
     * and authentication filters. Switchboard's own servlets and WebSocket paths win over a file of the same name;
     * a file here wins over a web module page of the same name. Directories are never listed, hidden files (a path
     * segment starting with a dot) and symbolic links are never served.
     *
     * @param value the directory
     * @return this builder
     * @throws IllegalArgumentException when it is not a readable directory
     */
    public SwitchboardServerBuilder documentRoot(Path value) {
        if (!Files.isDirectory(value) || !Files.isReadable(value)) {
            throw new IllegalArgumentException("Document root " + value + " is not a readable directory");
        }
        this.documentRoot = value;
        return this;
    }

    /**
     * How long clients may cache a static file before revalidating it, sent as {@code Cache-Control: max-age}.
     *
     * @param value the age, whole seconds; zero sends {@code no-cache}. Default five minutes
     * @return this builder
     */
    public SwitchboardServerBuilder staticMaxAge(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("Static max-age is negative: " + value);
        }
        this.staticMaxAge = value;
        return this;
    }

    /**
     * The most byte ranges one {@code Range} header may ask of a static file; a request for more gets 416.
     *
     * @param value at least 1. Default 16
     * @return this builder
     */
    public SwitchboardServerBuilder staticMaxRanges(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("Static max-ranges must be at least 1: " + value);
        }
        this.staticMaxRanges = value;
        return this;
    }

    /**
     * Adds classes to the CDI container as beans, besides those discovered through {@code beans.xml}: a
     * subprotocol handler for a test, an echo handler for a conformance run.
     *
     * @param classes the bean classes
     * @return this builder
     */
    public SwitchboardServerBuilder beanClasses(Class<?>... classes) {
        beanClasses.addAll(List.of(classes));
        return this;
    }

    /**
     * Binds a configuration value as the JNDI env-entry {@code java:comp/env/switchboard/<key>}, the first
     * place core's configuration reader looks, so it wins over system properties and environment variables.
     *
     * @param key   the full key, for example {@link ConfigKeys#WEBSOCKET_IDLE_TIMEOUT}
     * @param value the value
     * @return this builder
     */
    public SwitchboardServerBuilder environmentEntry(String key, String value) {
        if (!key.startsWith(ConfigKeys.PREFIX)) {
            throw new IllegalArgumentException("Configuration keys start with " + ConfigKeys.PREFIX + ": " + key);
        }
        environment.put(
                "switchboard/" + key.substring(ConfigKeys.PREFIX.length()), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Creates the server, not yet started.
     *
     * @return the server
     */
    public SwitchboardServer build() {
        return new SwitchboardServer(this);
    }

    private static int checkPort(int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException("Port out of range: " + value);
        }
        return value;
    }
}
