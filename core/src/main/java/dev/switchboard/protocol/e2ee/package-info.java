/**
 * The end-to-end encryption relay ({@code e2ee.v1.switchboard.dev}): a directory of users' public identity keys and
 * of groups, and the routing of sealed direct and group messages, delivery receipts and membership changes. The
 * clients encrypt (ECDH P-256, HKDF-SHA-256, AES-256-GCM, sender keys for groups); the relay sees headers only.
 *
 * <p>The seeds name this protocol but give no wire format, so the format is Switchboard's own and documented in
 * {@code docs/e2ee.md}. Only authenticated users take part: the relay stamps every relayed frame with the sending
 * connection's user and refuses an envelope that claims another sender. Binary frames are not part of the protocol
 * (the sealed bodies are base64url text) and get a {@code malformed} error.
 */
package dev.switchboard.protocol.e2ee;
