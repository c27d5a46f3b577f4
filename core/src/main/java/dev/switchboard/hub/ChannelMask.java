package dev.switchboard.hub;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A channel or group mask in the sgc ({@code MatchesMask}) syntax: {@code *} matches any run of characters,
 * {@code ?} one character, {@code [a-z]} one character of a set ({@code [!a-z]} one character outside it);
 * matching is case-insensitive. Any other character matches itself.
 */
public final class ChannelMask {

    private final String mask;
    private final Pattern pattern;

    private ChannelMask(String mask, Pattern pattern) {
        this.mask = mask;
        this.pattern = pattern;
    }

    /**
     * Tells whether a name is a mask rather than a literal name.
     *
     * @param name a channel or group name
     * @return true when it contains {@code *}, {@code ?} or {@code [}
     */
    public static boolean isMask(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0;
    }

    /**
     * Compiles a mask. An unclosed {@code [} is taken literally.
     *
     * @param mask the mask
     * @return the compiled mask
     */
    public static ChannelMask compile(String mask) {
        StringBuilder regex = new StringBuilder(mask.length() + 8);
        int i = 0;
        while (i < mask.length()) {
            char c = mask.charAt(i);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[' && mask.indexOf(']', i + 1) > i + 1) {
                int end = mask.indexOf(']', i + 1);
                regex.append(set(mask.substring(i + 1, end)));
                i = end;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        return new ChannelMask(mask, Pattern.compile(regex.toString(),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
    }

    private static String set(String body) {
        StringBuilder set = new StringBuilder("[");
        int start = 0;
        if (body.startsWith("!")) {
            set.append('^');
            start = 1;
        }
        for (int i = start; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '-' && i > start && i < body.length() - 1) {
                set.append('-');
            } else {
                // Everything else is a literal member; escape what is special inside a regex class.
                if ("\\^[]&-".indexOf(c) >= 0) {
                    set.append('\\');
                }
                set.append(c);
            }
        }
        return set.append(']').toString();
    }

    /**
     * Tests a name.
     *
     * @param name a channel or group name
     * @return true when the whole name matches
     */
    public boolean matches(String name) {
        return pattern.matcher(name).matches();
    }

    @Override
    public String toString() {
        return mask.toLowerCase(Locale.ROOT).equals(mask) ? mask : mask + " (case-insensitive)";
    }
}
