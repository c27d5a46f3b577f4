package dev.switchboard.client.cli;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parsed arguments of the tool. Parsing is strict: an unknown option, a missing value or a value out of range is
 * a {@link UsageException}, reported with exit code {@link ExitCode#USAGE}.
 *
 * @param command {@code subscribe}, {@code publish}, {@code rpc} or {@code help}
 * @param url the server's URL
 * @param target the channel (subscribe, publish) or the method (rpc)
 * @param payload the text to publish or the params' JSON, else {@code null}
 * @param count how many messages {@code subscribe} prints before it exits, 0 for no limit
 * @param timeout how long the command may take, {@code null} for no limit (subscribe without {@code --timeout})
 * @param qos the QoS level of {@code publish}
 * @param user the user name ({@code --user}), else {@code null}
 * @param password the password ({@code --password}), else {@code null}
 * @param token the bearer token ({@code --token}), else {@code null}
 * @param headers extra handshake headers, as {@code NAME:VALUE}
 * @param proxy the proxy URL ({@code http://} or {@code socks5://}, credentials in its user info), else {@code null}
 */
public record CommandLine(
        String command,
        URI url,
        String target,
        String payload,
        long count,
        Duration timeout,
        int qos,
        String user,
        String password,
        String token,
        List<Header> headers,
        URI proxy) {

    /** The timeout of {@code publish} and {@code rpc} without {@code --timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Most {@code --header} options accepted. */
    public static final int MAX_HEADERS = 64;

    /**
     * A handshake header.
     *
     * @param name the name
     * @param value the value
     */
    public record Header(String name, String value) {}

    /** A usage error: the message says what is wrong, in one line. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The usage text {@code --help} prints. */
    public static final String USAGE = """
            Usage:
              java -jar switchboard-client.jar subscribe URL CHANNEL [--count N] [--timeout S] [options]
              java -jar switchboard-client.jar publish URL CHANNEL TEXT [--qos 0|1|2] [--timeout S] [options]
              java -jar switchboard-client.jar rpc URL METHOD JSON [--timeout S] [options]

            subscribe  prints each message of CHANNEL (a channel or a mask such as news*) on its own line;
                       exits after N messages (--count), or fails when --timeout seconds pass first
            publish    publishes TEXT to CHANNEL; exits once the server acknowledged the QoS asked for
                       (0: once sent)
            rpc        calls METHOD with the params JSON and prints the result as JSON

            Options:
              --user NAME --password SECRET   Basic authentication
              --token TOKEN                   bearer token
              --header NAME:VALUE             an extra handshake header (repeatable)
              --proxy URL                     http://[user:pass@]host:port or socks5://[user:pass@]host:port
              --timeout S                     seconds (default: none for subscribe, 30 otherwise)
              --help                          this text

            Exit codes: 0 done, 1 unexpected failure, 2 usage error, 3 connection failed or lost for good,
                        4 timed out, 5 refused by the server (its error code and message on stderr)
            """;

    /**
     * Parses the arguments.
     *
     * @throws UsageException when they are not a valid command
     */
    public static CommandLine parse(String... args) throws UsageException {
        List<String> positional = new ArrayList<>();
        long count = 0;
        Duration timeout = null;
        int qos = 0;
        String user = null;
        String password = null;
        String token = null;
        List<Header> headers = new ArrayList<>();
        URI proxy = null;
        boolean qosGiven = false;
        boolean countGiven = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.equals("--")) {
                positional.add(arg);
                continue;
            }
            if (arg.equals("--help")) {
                return help();
            }
            String value = value(args, i++, arg);
            switch (arg) {
                case "--count" -> {
                    count = number(arg, value, 1, Long.MAX_VALUE);
                    countGiven = true;
                }
                case "--timeout" -> timeout = Duration.ofSeconds(number(arg, value, 1, 86_400L * 365));
                case "--qos" -> {
                    qos = (int) number(arg, value, 0, 2);
                    qosGiven = true;
                }
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--token" -> token = value;
                case "--header" -> {
                    int colon = value.indexOf(':');
                    if (colon <= 0) {
                        throw new UsageException("--header needs NAME:VALUE, not \"" + value + "\"");
                    }
                    if (headers.size() >= MAX_HEADERS) {
                        throw new UsageException("at most " + MAX_HEADERS + " --header options");
                    }
                    headers.add(new Header(
                            value.substring(0, colon).strip(),
                            value.substring(colon + 1).strip()));
                }
                case "--proxy" -> proxy = proxy(value);
                default -> throw new UsageException("unknown option " + arg + " (see --help)");
            }
        }
        if (positional.isEmpty()) {
            throw new UsageException("no command given: subscribe, publish or rpc (see --help)");
        }
        String command = positional.get(0).toLowerCase(Locale.ROOT);
        int expected = switch (command) {
            case "subscribe" -> 3;
            case "publish", "rpc" -> 4;
            case "help" -> {
                yield 1;
            }
            default ->
                throw new UsageException(
                        "unknown command \"" + positional.get(0) + "\": subscribe, publish or rpc (see --help)");
        };
        if (command.equals("help")) {
            return help();
        }
        if (positional.size() != expected) {
            throw new UsageException(command + " takes " + (expected - 1) + " arguments, not " + (positional.size() - 1)
                    + " (see --help)");
        }
        if (qosGiven && !command.equals("publish")) {
            throw new UsageException("--qos is an option of publish");
        }
        if (countGiven && !command.equals("subscribe")) {
            throw new UsageException("--count is an option of subscribe");
        }
        if ((user == null) != (password == null)) {
            throw new UsageException("--user and --password go together");
        }
        if (user != null && token != null) {
            throw new UsageException("--user/--password and --token exclude each other");
        }
        URI url = url(positional.get(1));
        if (timeout == null && !command.equals("subscribe")) {
            timeout = DEFAULT_TIMEOUT;
        }
        String payload = expected == 4 ? positional.get(3) : null;
        return new CommandLine(
                command,
                url,
                positional.get(2),
                payload,
                count,
                timeout,
                qos,
                user,
                password,
                token,
                List.copyOf(headers),
                proxy);
    }

    private static CommandLine help() {
        return new CommandLine("help", null, null, null, 0, null, 0, null, null, null, List.of(), null);
    }

    private static String value(String[] args, int index, String option) throws UsageException {
        if (index + 1 >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index + 1];
    }

    private static long number(String option, String value, long min, long max) throws UsageException {
        try {
            long number = Long.parseLong(value);
            if (number < min || number > max) {
                throw new UsageException(option + " must be between " + min + " and " + max + ", not " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, not \"" + value + "\"");
        }
    }

    private static URI url(String text) throws UsageException {
        try {
            URI url = URI.create(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!List.of("ws", "wss", "http", "https").contains(scheme) || url.getHost() == null) {
                throw new UsageException("the URL must be ws://, wss://, http:// or https:// with a host: " + text);
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new UsageException("not a URL: " + text);
        }
    }

    private static URI proxy(String text) throws UsageException {
        try {
            URI url = URI.create(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!List.of("http", "socks5").contains(scheme) || url.getHost() == null || url.getPort() < 1) {
                throw new UsageException("--proxy must be http://host:port or socks5://host:port, not " + text);
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--proxy is not a URL: " + text);
        }
    }
}
