/**
 * The security regression suite: one class per defence, named by the attack it performs against a real server on
 * 127.0.0.x with real clients (raw sockets where the attack is in the bytes of the request itself).
 */
package dev.switchboard.embedded.security;
