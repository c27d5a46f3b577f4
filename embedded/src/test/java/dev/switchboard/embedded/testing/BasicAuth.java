package dev.switchboard.embedded.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** HTTP Basic credentials as a client sends them (RFC 7617, UTF-8). */
public final class BasicAuth {

    private BasicAuth() {}

    /** An {@code Authorization} header with HTTP Basic credentials. */
    public static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", credentials(user, password));
    }

    /** The value of an {@code Authorization} header with HTTP Basic credentials: {@code Basic <base64>}. */
    public static String credentials(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
