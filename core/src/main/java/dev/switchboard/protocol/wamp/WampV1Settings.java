package dev.switchboard.protocol.wamp;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;

/**
 * The WAMP v1 settings, from the {@code switchboard.wamp.v1.*} keys of {@link ConfigKeys}; the size of one message is
 * bounded by {@link ConfigKeys#WAMP_MAX_MESSAGE_CHARS}, as for WAMP v2. Immutable.
 *
 * @param maxPrefixes      most CURIE prefixes one session may define
 * @param maxUriChars      most characters of a URI, CURIE, prefix or call id, and of a URI a CURIE expands to
 * @param maxCallArguments most arguments of one CALL
 * @param maxSessionList   most session ids in the exclude and eligible lists of one PUBLISH, together
 */
public record WampV1Settings(int maxPrefixes, int maxUriChars, int maxCallArguments, int maxSessionList) {

    /** The documented defaults. */
    public static final WampV1Settings DEFAULTS = new WampV1Settings(32, 512, 16, 32);

    /** Validates. */
    public WampV1Settings {
        if (maxPrefixes < 0 || maxUriChars < 16 || maxCallArguments < 1 || maxSessionList < 0) {
            throw new IllegalArgumentException("WAMP v1 limits too small: prefixes " + maxPrefixes + ", URI characters "
                    + maxUriChars + ", call arguments " + maxCallArguments + ", session list " + maxSessionList);
        }
    }

    /**
     * The settings the documented keys give.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static WampV1Settings read(ConfigReader reader) {
        WampV1Settings d = DEFAULTS;
        return new WampV1Settings(
                reader.getInt(ConfigKeys.WAMP_V1_MAX_PREFIXES, d.maxPrefixes),
                reader.getInt(ConfigKeys.WAMP_V1_MAX_URI_CHARS, d.maxUriChars),
                reader.getInt(ConfigKeys.WAMP_V1_MAX_CALL_ARGUMENTS, d.maxCallArguments),
                reader.getInt(ConfigKeys.WAMP_V1_MAX_SESSION_LIST, d.maxSessionList));
    }
}
