/**
 * The AppRTC room server ({@code apprtc.esegece.com} plus HTTP): the room HTTP API of Google's AppRTC demo (join,
 * message, leave, ICE servers), its collider WebSocket role, and a room page, so that two browsers meet in a room and
 * set up a WebRTC call. {@code docs/webrtc.md} is the user guide; the ICE servers, the signal bounds and the hang-up
 * behaviour are shared with {@code webrtc.esegece.com}.
 *
 * <p>Flow: a client joins a room over HTTP and gets a client id; the first in a room is the initiator. A message a
 * client sends (over HTTP or, once its WebSocket is registered with {@code {"cmd":"register","roomid":..,
 * "clientid":..}}, as {@code {"cmd":"send","msg":".."}}) goes to the other client as {@code {"msg":"..","error":""}},
 * the upstream collider's shape; while the other client has not joined, it is held and returned in the joiner's
 * {@code messages}; while it has joined but not registered, it is held and sent at the register.
 *
 * <p>Decisions where sgc's AppRTC server leaves room or is unsafe:
 * <ul>
 *   <li>{@code /leave/ROOM/CLIENT} exists (sgc has none, upstream AppRTC has it). A hang-up is a leave, a
 *       {@code {"type":"bye"}} message, or the registered WebSocket closing: the client leaves the room, the other
 *       client gets a {@code bye}, and with {@code switchboard.webrtc.close-session-on-hangup} its WebSocket is closed
 *       with 1000. A client that joins over HTTP and registers no WebSocket within
 *       {@code switchboard.apprtc.register-timeout} is removed.
 *   <li>Client ids are random (64 bits), not timestamps, so one client cannot guess another's.
 *   <li>Bounds: rooms per node and two clients per room ({@code FULL}), a message's bytes and JSON shape
 *       ({@code INVALID_MESSAGE}; over HTTP a larger body is 413), messages held per client
 *       ({@code QUEUE_FULL}), candidates per client ({@code TOO_MANY_CANDIDATES}); on the WebSocket a refusal is
 *       {@code {"msg":"","error":"REASON"}}, and a binary frame closes with 1003.
 *   <li>Permission rules: the register asks the subscribe rules and each WebSocket message the publish rules about
 *       {@code apprtc/ROOM} (a refused register closes with 4503). The HTTP API has no connection to ask about: its
 *       path is guarded by the firewall and the authentication filter like any other path
 *       ({@code switchboard.auth.protected-paths}).
 *   <li>In a cluster, messages and hang-up closes reach a client's WebSocket on any node through the broker; the rooms
 *       are the node's that served the joins, so the HTTP requests of one room must reach the same node.
 * </ul>
 */
package dev.switchboard.protocol.apprtc;
