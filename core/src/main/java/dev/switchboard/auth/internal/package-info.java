/**
 * Internals of authentication: password hashes, the users file, the credential stores (file, JDBC, container),
 * bearer-token verification, connect tickets and their stores (memory, or a table the nodes of a cluster share), the
 * logout announcement, role rules and the authenticated request wrapper. The classes of
 * {@code dev.switchboard.auth} use them; nothing else in the product does.
 */
package dev.switchboard.auth.internal;
