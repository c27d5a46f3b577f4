package dev.switchboard.embedded;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * The command line of {@code switchboard.jar}: {@code java -jar switchboard.jar [--port N]} runs the embedded
 * server until Ctrl-C or SIGTERM stops it gracefully; {@code java -jar switchboard.jar add-user FILE USER PASSWORD
 * [ROLE,...]} maintains a users file instead and starts nothing.
 *
 * <p>Exit status: 0 after a stop by signal or a successful command, 1 when a command fails, 2 for arguments that
 * do not parse. A server that cannot start ends the JVM with the exception.
 */
public final class SwitchboardLauncher {

    private static final String SERVER_USAGE = "usage: java -jar switchboard.jar [--port N]";

    private SwitchboardLauncher() {}

    /**
     * Runs the server until the JVM is stopped (Ctrl-C, SIGTERM), which stops it gracefully; or, with
     * {@code add-user} first, runs that command and exits without starting anything.
     *
     * @param args {@code [--port N]} or {@code add-user [--bcrypt] FILE USER PASSWORD [ROLE,...]}
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(AddUserCommand.NAME)) {
            System.exit(AddUserCommand.run(
                    Arrays.copyOfRange(args, 1, args.length),
                    System.in,
                    System.out,
                    System.err,
                    ConfigReader.standard()));
            return;
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            usage(System.out);
            System.out.println("Settings come from system properties (-Dswitchboard.port=8080), environment"
                    + " variables (SWITCHBOARD_PORT=8080) and JNDI; see the configuration reference.");
            return;
        }
        SwitchboardServer server;
        try {
            LogFormat.install();
            server = fromConfiguration(args, ConfigReader.standard()).build();
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        // The server drains and stops itself on SIGTERM and Ctrl-C through its shutdown hook; join returns then.
        server.start();
        server.join();
    }

    /**
     * A server builder filled from configuration keys and command-line arguments, as {@link #main} uses it.
     *
     * <p>Keys: {@link ConfigKeys#PORT}, {@link ConfigKeys#HOST}, {@link ConfigKeys#TLS_KEYSTORE},
     * {@link ConfigKeys#TLS_KEYSTORE_PASSWORD}, {@link ConfigKeys#TLS_KEYSTORE_TYPE}, {@link ConfigKeys#TLS_PORT},
     * {@link ConfigKeys#TLS_CLIENT_AUTH} with {@link ConfigKeys#TLS_TRUSTSTORE} and its password and type,
     * {@link ConfigKeys#DATASOURCE}, {@link ConfigKeys#DATA_DIR}, {@link ConfigKeys#DOCUMENT_ROOT},
     * {@link ConfigKeys#STATIC_MAX_AGE}, {@link ConfigKeys#STATIC_MAX_RANGES}, {@link ConfigKeys#MQTT_TCP_PORT} (absent or 0: no
     * MQTT TCP listener), {@link ConfigKeys#MQTT_TCP_HOST}. Arguments: {@code --port N} (wins over the
     * key).
     *
     * @param args   the command-line arguments
     * @param config the configuration sources, usually {@link ConfigReader#standard()}
     * @return the builder
     * @throws IllegalArgumentException for an unknown argument or a value that does not parse
     */
    public static SwitchboardServerBuilder fromConfiguration(String[] args, ConfigReader config) {
        SwitchboardServerBuilder builder = SwitchboardServer.builder()
                .host(config.getString(ConfigKeys.HOST, SwitchboardServer.DEFAULT_HOST))
                .port(config.getInt(ConfigKeys.PORT, SwitchboardServer.DEFAULT_PORT))
                .tlsPort(config.getInt(ConfigKeys.TLS_PORT, SwitchboardServer.DEFAULT_TLS_PORT))
                .keystoreType(config.getString(ConfigKeys.TLS_KEYSTORE_TYPE, "PKCS12"))
                .keystorePassword(config.getString(ConfigKeys.TLS_KEYSTORE_PASSWORD, ""))
                .dataSourceName(config.getString(ConfigKeys.DATASOURCE, SwitchboardServer.DEFAULT_DATASOURCE));
        config.get(ConfigKeys.TLS_KEYSTORE).map(Path::of).ifPresent(builder::keystore);
        String clientAuth = config.getChoice(ConfigKeys.TLS_CLIENT_AUTH, "none", "none", "want", "need");
        if (!clientAuth.equals("none")) {
            builder.clientAuth(
                    clientAuth,
                    config.get(ConfigKeys.TLS_TRUSTSTORE)
                            .map(Path::of)
                            .orElseThrow(() -> new IllegalArgumentException(
                                    ConfigKeys.TLS_CLIENT_AUTH + "=" + clientAuth + " needs "
                                            + ConfigKeys.TLS_TRUSTSTORE + ", the certificates clients must chain to")),
                    config.getString(ConfigKeys.TLS_TRUSTSTORE_PASSWORD, ""),
                    config.getString(ConfigKeys.TLS_TRUSTSTORE_TYPE, "PKCS12"));
        }
        config.get(ConfigKeys.DATA_DIR).map(Path::of).ifPresent(builder::dataDir);
        config.get(ConfigKeys.DOCUMENT_ROOT)
                .filter(root -> !root.isBlank())
                .map(Path::of)
                .ifPresent(builder::documentRoot);
        builder.staticMaxAge(Duration.ofSeconds(
                config.getInt(ConfigKeys.STATIC_MAX_AGE, (int) WebApplication.DEFAULT_MAX_AGE.toSeconds())));
        builder.staticMaxRanges(config.getInt(ConfigKeys.STATIC_MAX_RANGES, WebApplication.DEFAULT_MAX_RANGES));
        // No key, or 0, leaves the MQTT TCP listener off.
        int mqttTcpPort = config.getInt(ConfigKeys.MQTT_TCP_PORT, 0);
        if (mqttTcpPort != 0) {
            builder.mqttTcpPort(mqttTcpPort);
        }
        config.get(ConfigKeys.MQTT_TCP_HOST).filter(host -> !host.isBlank()).ifPresent(builder::mqttTcpHost);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--port") && i + 1 < args.length) {
                builder.port(parsePort(args[++i]));
            } else if (arg.startsWith("--port=")) {
                builder.port(parsePort(arg.substring("--port=".length())));
            } else {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'");
            }
        }
        return builder;
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port expects a number, got '" + value + "'", e);
        }
    }

    private static void usage(PrintStream stream) {
        stream.println(SERVER_USAGE);
        stream.println("       " + AddUserCommand.USAGE.substring("usage: ".length()));
    }
}
