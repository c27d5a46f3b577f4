package dev.switchboard.channel;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one canonical form of channel names, and the limits a client's names and comma lists must respect.
 *
 * <p><b>Identity.</b> A channel is named by the exact code points of its Unicode NFC form: {@code "e\u0301"} and
 * {@code "\u00e9"} are the same channel, {@code News} and {@code news} are two channels. Every name that enters
 * (subscribe, unsubscribe, publish, history, SSE URLs) goes through {@link #canonical} once.
 *
 * <p><b>Matching.</b> Masks and permission rules match case-insensitively through exactly one fold,
 * {@link #fold}: each code point's simple, locale-independent lower-case mapping
 * ({@link Character#toLowerCase(int)}), applied to the pattern and to the name alike, then compared code point by
 * code point with {@link Glob}. The fold is context-free and maps one code point to one code point, so a prefix
 * folds to a prefix and {@code ?} stays one code point. Consequences, identical for masks and rules because both
 * use this fold and this matcher: the dotless {@code ı} is not {@code i} (so {@code admın.secret} is simply another
 * channel, matched neither by a rule nor a mask written {@code admin.*}), {@code İ} folds to {@code i}, the Kelvin
 * sign is {@code K} already after NFC, and the long {@code ſ} stays itself.
 */
public final class ChannelNames {

    /**
     * Limits on names and lists that come from clients.
     *
     * @param maxLength    most UTF-16 code units in one name, after NFC
     * @param maxWildcards most wildcards ({@code *} runs, {@code ?}, sets) in one mask
     * @param maxListSize  most names in one comma list
     */
    public record Limits(int maxLength, int maxWildcards, int maxListSize) {

        /** Default {@link #maxLength}. */
        public static final int DEFAULT_MAX_LENGTH = 256;
        /** Default {@link #maxWildcards}. */
        public static final int DEFAULT_MAX_WILDCARDS = 16;
        /** Default {@link #maxListSize}. */
        public static final int DEFAULT_MAX_LIST_SIZE = 64;
        /** The defaults. */
        public static final Limits DEFAULTS =
                new Limits(DEFAULT_MAX_LENGTH, DEFAULT_MAX_WILDCARDS, DEFAULT_MAX_LIST_SIZE);

        /** Validates. */
        public Limits {
            if (maxLength <= 0 || maxWildcards < 0 || maxListSize <= 0) {
                throw new IllegalArgumentException(
                        "channel limits must be positive: " + maxLength + ", " + maxWildcards + ", " + maxListSize);
            }
        }
    }

    /** A name or list a client may not use; the message says why and is safe to show to the client. */
    public static final class InvalidChannelException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what is wrong, without echoing the (possibly huge) input
         */
        public InvalidChannelException(String message) {
            super(message);
        }
    }

    private ChannelNames() {}

    /** The prefix of the round-robin queue channels (STOMP {@code /queue/NAME}). */
    public static final String QUEUE_PREFIX = "/queue/";

    /** The prefix of the per-user channels ({@code /user/LOGIN/...}). */
    public static final String USER_PREFIX = "/user/";

    /**
     * The prefix of the server's internal channels (a protocol's own fan-out, such as presence's): no client
     * subscribes or publishes to them.
     */
    public static final String INTERNAL_PREFIX = "/internal/";

    /**
     * Tells whether a channel is reserved: its canonical name starts with {@value #QUEUE_PREFIX},
     * {@value #USER_PREFIX} or {@value #INTERNAL_PREFIX}. A reserved channel is reached only by its exact name: no mask and no protocol filter
     * matches it, so no wildcard subscriber can read a queue or another user's channel.
     *
     * @param canonical a canonical channel name
     * @return true when it is reserved
     */
    public static boolean isReserved(String canonical) {
        return canonical.startsWith(QUEUE_PREFIX)
                || canonical.startsWith(USER_PREFIX)
                || canonical.startsWith(INTERNAL_PREFIX);
    }

    /**
     * The user a {@value #USER_PREFIX} channel belongs to: the segment after the prefix.
     *
     * @param canonical a canonical channel name
     * @return the user name, or empty when the channel is not a user channel
     */
    public static java.util.Optional<String> userOf(String canonical) {
        if (!canonical.startsWith(USER_PREFIX)) {
            return java.util.Optional.empty();
        }
        int end = canonical.indexOf('/', USER_PREFIX.length());
        return java.util.Optional.of(canonical.substring(USER_PREFIX.length(), end < 0 ? canonical.length() : end));
    }

    /**
     * The canonical (NFC) form of a name; the same string when it already is.
     *
     * @param name a channel name or mask
     * @return its NFC form
     */
    public static String canonical(String name) {
        for (int i = 0; i < name.length(); i++) {
            // Below U+0300 nothing composes or decomposes, so the common (ASCII, Latin-1) name is returned as is.
            if (name.charAt(i) >= '\u0300') {
                return Normalizer.isNormalized(name, Normalizer.Form.NFC)
                        ? name
                        : Normalizer.normalize(name, Normalizer.Form.NFC);
            }
        }
        return name;
    }

    /**
     * The matching key of a canonical name or pattern: every code point lower-cased by its simple, locale-free
     * mapping. Returns the same string when nothing changes.
     *
     * @param canonical a canonical name or pattern
     * @return its fold
     */
    public static String fold(String canonical) {
        int length = canonical.length();
        int i = 0;
        while (i < length) {
            int c = canonical.codePointAt(i);
            if (Character.toLowerCase(c) != c) {
                break;
            }
            i += Character.charCount(c);
        }
        if (i == length) {
            return canonical;
        }
        StringBuilder folded = new StringBuilder(length).append(canonical, 0, i);
        while (i < length) {
            int c = canonical.codePointAt(i);
            folded.appendCodePoint(Character.toLowerCase(c));
            i += Character.charCount(c);
        }
        return folded.toString();
    }

    /**
     * The folded code points of a name, for matching it against many compiled masks.
     *
     * @param canonical a canonical name
     * @return its folded code points
     */
    public static int[] foldedCodePoints(String canonical) {
        // One array and no intermediate string: this runs once per publication when mask subscriptions exist.
        int[] folded = new int[canonical.codePointCount(0, canonical.length())];
        int at = 0;
        for (int i = 0; i < canonical.length(); ) {
            int c = canonical.codePointAt(i);
            folded[at++] = Character.toLowerCase(c);
            i += Character.charCount(c);
        }
        return folded;
    }

    /**
     * Checks one canonical name from a client.
     *
     * @param name   the canonical name
     * @param limits the limits
     * @param masks  whether wildcards make a mask (then the wildcard limit applies)
     * @throws InvalidChannelException when the name is empty, too long, holds a control character or an unpaired
     *                                 surrogate, or is a mask with too many wildcards
     */
    public static void check(String name, Limits limits, boolean masks) {
        if (name.isEmpty()) {
            throw new InvalidChannelException("a channel name must not be empty");
        }
        if (name.length() > limits.maxLength()) {
            throw new InvalidChannelException("a channel name is longer than " + limits.maxLength() + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidChannelException("a channel name must not contain control characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidChannelException("a channel name must be well-formed Unicode");
            }
        }
        if (masks && Glob.hasWildcards(name) && Glob.compile(name).wildcards() > limits.maxWildcards()) {
            throw new InvalidChannelException("a channel mask has more than " + limits.maxWildcards() + " wildcards");
        }
    }

    /**
     * Splits a client's channel spec: a comma list names several channels; blanks around names and empty entries
     * are dropped; each name is made canonical and checked; repeats are dropped (first occurrence kept). Runs in
     * time linear in the spec's length.
     *
     * @param spec   the spec
     * @param limits the limits
     * @param masks  whether wildcards make masks
     * @return the distinct canonical names, in order
     * @throws InvalidChannelException when a name fails {@link #check} or the list has too many names
     */
    public static List<String> parseList(String spec, Limits limits, boolean masks) {
        Set<String> names = new LinkedHashSet<>();
        int start = 0;
        int length = spec.length();
        int entries = 0;
        while (start <= length) {
            int comma = spec.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            String name = spec.substring(start, end).trim();
            if (!name.isEmpty()) {
                if (++entries > limits.maxListSize()) {
                    throw new InvalidChannelException(
                            "a channel list has more than " + limits.maxListSize() + " names");
                }
                // Checked before canonicalising so a huge name costs no normalisation; NFC never lengthens much.
                if (name.length() > limits.maxLength() * 3) {
                    throw new InvalidChannelException(
                            "a channel name is longer than " + limits.maxLength() + " characters");
                }
                String canonical = canonical(name);
                check(canonical, limits, masks);
                names.add(canonical);
            }
            start = end + 1;
        }
        return new ArrayList<>(names);
    }

    /**
     * Splits a spec the application (not a client) wrote: canonical names, blanks and repeats dropped, no limits.
     *
     * @param spec the spec
     * @return the distinct canonical names, in order
     */
    public static List<String> split(String spec) {
        if (spec.indexOf(',') < 0) {
            // The common case on the publish path: one name, no set needed.
            String name = spec.trim();
            return name.isEmpty() ? List.of() : List.of(canonical(name));
        }
        Set<String> names = new LinkedHashSet<>();
        int start = 0;
        int length = spec.length();
        while (start <= length) {
            int comma = spec.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            String name = spec.substring(start, end).trim();
            if (!name.isEmpty()) {
                names.add(canonical(name));
            }
            start = end + 1;
        }
        return new ArrayList<>(names);
    }
}
