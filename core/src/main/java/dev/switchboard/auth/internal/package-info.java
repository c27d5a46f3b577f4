/**
 * Internals of authentication: password hashes, the users file, the credential stores (file, JDBC, container) and
 * bearer-token verification. The authentication filter in {@code dev.switchboard.auth} calls them; nothing outside
 * {@code dev.switchboard.auth} uses them.
 */
package dev.switchboard.auth.internal;
