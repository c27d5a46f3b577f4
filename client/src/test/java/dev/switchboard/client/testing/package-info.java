/**
 * Tools the client's tests share: a deadline wait, an embedded server started for a test, a listener that records
 * what a link reports, and TCP and proxy servers that forward, cut, stall and delay connections.
 */
package dev.switchboard.client.testing;
