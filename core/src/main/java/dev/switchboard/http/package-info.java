/**
 * HTTP helpers shared by Switchboard's servlets: reading a request body within a budget of bytes and of total time,
 * so that a client cannot hold a connection and a request by trickling a body one byte at a time; and the one
 * decision of which challenge a 401 carries, so that a page's script is never answered with a challenge that makes
 * the browser show its own password dialog. And the upgrade of a request to a WebSocket with an endpoint
 * configuration of its own, shared by the handshake filter and the forwarding relay, on the containers that honour
 * that configuration and on Tyrus, which upgrades only to deployed endpoints.
 */
package dev.switchboard.http;
