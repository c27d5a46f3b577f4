/**
 * What the embedded server tests share: awaiting a condition with a deadline instead of sleeping, HTTP Basic
 * credentials, the server's open-connection count, raw WebSocket frames, a server launched in a child JVM, and a
 * running node with the readings of the operations tests (probes, scrape, drain).
 */
package dev.switchboard.embedded.testing;
