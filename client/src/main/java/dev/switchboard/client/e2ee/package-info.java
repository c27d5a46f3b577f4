/**
 * End-to-end encryption for the E2EE relay ({@code e2ee.v1.switchboard.dev}): identity keys, sealed direct messages
 * and group messages with sender keys, done in the client so that the server relays ciphertext it cannot read.
 *
 * <p>The cryptography and its wire encoding are specified in {@code docs/e2ee.md}: ECDH on P-256 between identity
 * keys, HKDF-SHA-256 to derive the key of a pair of users, AES-256-GCM with a random 96-bit nonce per message,
 * header fields authenticated as associated data, per-sender counters against replays, and for groups a hash-ratchet
 * sender key per member distributed over the direct channel. The browser client implements the same with WebCrypto;
 * both are tested against each other.
 */
package dev.switchboard.client.e2ee;
