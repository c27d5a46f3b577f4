/**
 * What the built-in subprotocols share: the delegating handler that several of them are, so that each
 * {@code protocol.<name>} package keeps only what is its own. Each subprotocol lives in a subpackage.
 */
package dev.switchboard.protocol;
