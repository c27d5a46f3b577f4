/**
 * Configuration: the documented keys, the reader that resolves them, and the immutable settings record.
 *
 * <p>Every key is looked up in this order, first hit wins: the JNDI env-entry
 * {@code java:comp/env/switchboard/<key>} (then the global binding {@code java:global/switchboard/<key>}, which
 * a WildFly administrator can create with jboss-cli), the system property {@code switchboard.<key>}, the
 * environment variable {@code SWITCHBOARD_<KEY>} (upper case, dots and dashes as underscores), and finally the
 * default. {@code docs/configuration.md} lists every key.
 */
package dev.switchboard.config;
