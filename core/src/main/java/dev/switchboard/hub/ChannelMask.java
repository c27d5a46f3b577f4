package dev.switchboard.hub;

import dev.switchboard.channel.ChannelNames;
import dev.switchboard.channel.Glob;

/**
 * A channel or group mask in the sgc ({@code MatchesMask}) syntax: {@code *} matches any run of characters,
 * {@code ?} one character, {@code [a-z]} one character of a set ({@code [!a-z]} one character outside it); any
 * other character matches itself. Matching is case-insensitive through {@link ChannelNames#fold}, the fold the
 * permission rules use too, and runs in linear-by-pattern time ({@link Glob}).
 *
 * <p>The mask is made canonical and folded once, when compiled; callers that test one name against many masks
 * fold the name once too ({@link ChannelNames#foldedCodePoints}) and use {@link #matches(int[])}.
 */
public final class ChannelMask {

    private final String mask;
    private final Glob glob;

    private ChannelMask(String mask, Glob glob) {
        this.mask = mask;
        this.glob = glob;
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
        return new ChannelMask(mask, Glob.compile(ChannelNames.fold(ChannelNames.canonical(mask))));
    }

    /**
     * Tests a name.
     *
     * @param name a channel or group name
     * @return true when the whole name matches
     */
    public boolean matches(String name) {
        return glob.matches(ChannelNames.foldedCodePoints(ChannelNames.canonical(name)));
    }

    /**
     * Tests a name already folded into code points.
     *
     * @param foldedName {@link ChannelNames#foldedCodePoints} of the canonical name
     * @return true when the whole name matches
     */
    public boolean matches(int[] foldedName) {
        return glob.matches(foldedName);
    }

    @Override
    public String toString() {
        return mask + " (case-insensitive)";
    }
}
