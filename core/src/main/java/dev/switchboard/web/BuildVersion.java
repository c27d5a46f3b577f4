package dev.switchboard.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this Switchboard build, as the health endpoint and the node's MBean report it. */
public final class BuildVersion {

    private static final String UNKNOWN = "unknown";

    private BuildVersion() {}

    /**
     * Reads the version the build wrote into the core jar.
     *
     * @return the version, or {@code unknown} when the jar carries none (classes run from a source tree)
     */
    public static String read() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("/META-INF/switchboard/version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            // A version is informative only: a damaged resource must not stop the health endpoint.
            return UNKNOWN;
        }
    }
}
