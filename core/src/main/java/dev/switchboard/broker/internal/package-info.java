/**
 * The parts of the in-memory broker: the per-channel ordered lanes that append to a history store that may block,
 * off the publisher's thread, and the memory of recent idempotency keys. Only {@code dev.switchboard.broker} uses
 * them.
 */
package dev.switchboard.broker.internal;
