package dev.switchboard.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The {@code WWW-Authenticate} challenge of a 401 that a password could answer, chosen by who made the request.
 *
 * <p>A browser answers a {@code Basic} challenge with its own password dialog, also when the request came from a
 * page's script ({@code fetch}, {@code XMLHttpRequest}); a page with its own sign-in form then shows the browser's
 * dialog over it, and a wrong password typed into that dialog is remembered for the rest of the browser session. So
 * a request made by a script is challenged with {@code Session realm="..."} instead, a scheme no browser
 * recognises: the status and the body stay the same, and the page shows its own form. A navigation (the user opened
 * the URL) and a client that is no browser (curl, a Java client, a Prometheus scraper) keep the {@code Basic}
 * challenge, which they know how to answer.
 *
 * <p>A request counts as made by a script when it carries
 * <ul>
 *   <li>{@code Sec-Fetch-Mode} with any value but {@code navigate} (the Fetch Metadata header that browsers add to
 *       requests to trustworthy origins: HTTPS, {@code localhost}, loopback addresses), or</li>
 *   <li>{@code X-Requested-With} (the header script libraries add, with any value), or</li>
 *   <li>{@value #ADMIN_PAGE_HEADER} (the header the monitor page adds to its requests, with any value).</li>
 * </ul>
 * The last two matter over plain HTTP to a non-loopback host, where browsers send no {@code Sec-Fetch-*} header.
 * Every check is a presence test or one case-insensitive comparison, so the cost does not depend on what a client
 * sends.
 */
public final class PasswordChallenge {

    /** The scheme of the challenge a script's request gets: one no browser answers with a dialog. */
    public static final String SESSION_SCHEME = "Session";

    /** The header the monitor page adds to its requests (and every state-changing admin request must carry). */
    public static final String ADMIN_PAGE_HEADER = "X-Switchboard-Admin";

    private PasswordChallenge() {}

    /**
     * Whether a request was made by a page's script rather than by a navigation or a non-browser client.
     *
     * @param request the request
     * @return true for a script's request
     */
    public static boolean fromScript(HttpServletRequest request) {
        Objects.requireNonNull(request, "request");
        return fromScript(request::getHeader);
    }

    /**
     * Whether a request with these headers was made by a page's script.
     *
     * @param header the value of a header by its name (case-insensitive), null when absent
     * @return true for a script's request
     */
    public static boolean fromScript(UnaryOperator<String> header) {
        String mode = header.apply("Sec-Fetch-Mode");
        if (mode != null && !mode.strip().equalsIgnoreCase("navigate")) {
            return true;
        }
        return header.apply("X-Requested-With") != null || header.apply(ADMIN_PAGE_HEADER) != null;
    }

    /**
     * The challenge for a 401 to this request: {@code Session} for a script's request, else {@code Basic}.
     *
     * @param request the request being refused
     * @param realm   the realm the challenge names
     * @return the {@code WWW-Authenticate} value
     */
    public static String of(HttpServletRequest request, String realm) {
        return fromScript(request) ? session(realm) : basic(realm);
    }

    /**
     * The {@code Basic} challenge (RFC 7617), which says the credentials are UTF-8.
     *
     * @param realm the realm
     * @return the {@code WWW-Authenticate} value
     */
    public static String basic(String realm) {
        return "Basic realm=" + quoted(realm) + ", charset=\"UTF-8\"";
    }

    /**
     * The {@code Session} challenge: the login endpoint's session is the way in.
     *
     * @param realm the realm
     * @return the {@code WWW-Authenticate} value
     */
    public static String session(String realm) {
        return SESSION_SCHEME + " realm=" + quoted(realm);
    }

    /** A quoted-string (RFC 9110 section 5.6.4), so a configured realm with a quote cannot break the header. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
