package dev.switchboard.hub;

import dev.switchboard.channel.ChannelNames;
import dev.switchboard.channel.Glob;

/**
 * A channel or group mask in the sgc ({@code MatchesMask}) syntax: {@code *} matches any run of characters,
 * {@code ?} one character, {@code [a-z]} one character of a set ({@code [!a-z]} one character outside it); any
 * other character matches itself. Matching is case-insensitive through {@link ChannelNames#fold}, the fold the
 * permission rules use too, and runs in linear-by-pattern time ({@link Glob}).
 *
 * <p>A mask compiled with {@link #compile} is a channel mask: it never matches a reserved channel
 * ({@link ChannelNames#isReserved}; in any letter case, since matching folds), so a wildcard subscription, publication
 * or queue replay cannot reach a queue or a user channel. Group patterns use {@link #compileForGroups}, which has no
 * such exception.
 *
 * <p>The mask is made canonical and folded once, when compiled; callers that test one name against many masks
 * fold the name once too ({@link ChannelNames#foldedCodePoints}) and use {@link #matches(int[])}.
 */
public final class ChannelMask {

    private static final int[] FOLDED_QUEUE =
            ChannelNames.QUEUE_PREFIX.codePoints().toArray();
    private static final int[] FOLDED_USER =
            ChannelNames.USER_PREFIX.codePoints().toArray();
    private static final int[] FOLDED_INTERNAL =
            ChannelNames.INTERNAL_PREFIX.codePoints().toArray();

    private final String mask;
    private final Glob glob;
    private final boolean channels;

    private ChannelMask(String mask, Glob glob, boolean channels) {
        this.mask = mask;
        this.glob = glob;
        this.channels = channels;
    }

    /**
     * Tells whether a name is a mask rather than a literal name.
     *
     * @param name a channel or group name
     * @return true when it contains {@code *}, {@code ?} or {@code [}
     */
    public static boolean isMask(String name) {
        return Glob.hasWildcards(name);
    }

    /**
     * Compiles a mask. An unclosed {@code [} is taken literally.
     *
     * @param mask the mask
     * @return the compiled mask
     */
    public static ChannelMask compile(String mask) {
        return new ChannelMask(mask, Glob.compile(ChannelNames.fold(ChannelNames.canonical(mask))), true);
    }

    /**
     * Compiles a group pattern: like {@link #compile}, but group names have no reserved prefixes.
     *
     * @param pattern the pattern
     * @return the compiled pattern
     */
    public static ChannelMask compileForGroups(String pattern) {
        return new ChannelMask(pattern, Glob.compile(ChannelNames.fold(ChannelNames.canonical(pattern))), false);
    }

    /**
     * Tests a name.
     *
     * @param name a channel or group name
     * @return true when the whole name matches
     */
    public boolean matches(String name) {
        return matches(ChannelNames.foldedCodePoints(ChannelNames.canonical(name)));
    }

    /**
     * Tests a name already folded into code points.
     *
     * @param foldedName {@link ChannelNames#foldedCodePoints} of the canonical name
     * @return true when the whole name matches
     */
    public boolean matches(int[] foldedName) {
        if (channels
                && (startsWith(foldedName, FOLDED_QUEUE)
                        || startsWith(foldedName, FOLDED_USER)
                        || startsWith(foldedName, FOLDED_INTERNAL))) {
            return false;
        }
        return glob.matches(foldedName);
    }

    private static boolean startsWith(int[] name, int[] prefix) {
        if (name.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (name[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return mask + " (case-insensitive)";
    }
}
