/**
 * What the embedded server tests share: awaiting a condition with a deadline instead of sleeping, HTTP Basic
 * credentials, the server's open-connection count, raw WebSocket frames, and a server launched in a child JVM.
 */
package dev.switchboard.embedded.testing;
