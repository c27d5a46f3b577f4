/**
 * Servlet wiring: the container initializer that installs Switchboard in any web application that contains the
 * core jar (filters in their fixed order, the health servlet, the shutdown listener), the first filter of that
 * chain, which computes the canonical request path and refuses ambiguous paths with 400, the Origin policy shared by
 * the WebSocket handshake, the SSE transport and relayed WebSockets, and the health servlet.
 */
package dev.switchboard.web;
