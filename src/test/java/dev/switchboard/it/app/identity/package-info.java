/** A test subprotocol that tells a client what identity the hub recorded for its connection. */
package dev.switchboard.it.app.identity;
