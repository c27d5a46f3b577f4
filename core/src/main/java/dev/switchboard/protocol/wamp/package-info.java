/**
 * A WAMP v2 router (subprotocols {@code wamp.2.json} and {@code wamp.2.msgpack}) and a WAMP v1 server: the v2 Basic Profile's session,
 * broker and dealer roles, with progressive call results and call cancelling from the Advanced Profile, served on the
 * hub so that a WAMP topic, an sgc channel, a STOMP destination, an MQTT topic and an SSE stream share one channel
 * space. {@code docs/protocols.md} is the user guide.
 *
 * <p>Decisions where the specification leaves room:
 * <ul>
 *   <li>Topics are hub channels: the topic URI, in its canonical form, is the channel name. Realms admit clients
 *       but do not divide the channel space or the procedures.
 *   <li>A publication of one string argument is that text for every other protocol; other arguments travel as
 *       their JSON text with a property saying so. Another protocol's publication reaches a WAMP subscriber as one
 *       argument: its text (the Base64 text of bytes).
 *   <li>{@code prefix} and {@code wildcard} subscriptions are hub filters ({@code WampTopicFilter}), matched in
 *       linear time.
 *   <li>Registrations are node-local: a procedure registered by a WAMP callee on this node can be called by WAMP
 *       callers of this node only. A procedure named like an application {@code @RpcMethod} calls that method; it
 *       cannot be registered by a callee.
 *   <li>Authentication: {@code ticket} checks the ticket as the password of the {@code authid} user;
 *       {@code wampcra} challenges the client with the salt and iterations of the user's stored PBKDF2 hash, whose
 *       value is the key the client signs with, so no store needs a password in plain text; an unknown user gets a
 *       decoy challenge that no signature answers. A connection logged in at the HTTP level joins as that user.
 *   <li>INTERRUPT goes only to callees that announce {@code call_canceling}; for the others a {@code kill} cancel
 *       acts as {@code killnowait} and a late result is dropped.
 * </ul>
 *
 * <p>WAMP v1 (subprotocols {@code wamp} and sgc's {@code WAMP}, whose JavaScript client also offers
 * {@code <prefix>.WAMP}; the offered token is echoed) is served by {@code WampV1Engine} on the same channels.
 * Decisions:
 * <ul>
 *   <li>The session id of WELCOME is the connection id, as in sgc, so that exclude and eligible lists name sessions
 *       on every node of a cluster.
 *   <li>CURIEs are expanded through the session's PREFIX table for every topic and procedure (sgc's server does
 *       not; spec clients rely on it). A {@code name:rest} whose prefix is not defined is a full URI as it is.
 *   <li>A topic URI, expanded and in its canonical form, is the channel name, as for WAMP v2. A string event is
 *       the publication's text for every protocol; another event travels as a WAMP v2 argument list of one, so a
 *       WAMP v2 subscriber receives it as its one argument. Another protocol's text reaches a WAMP v1 subscriber
 *       as a string event; a WAMP v2 publication as its one argument, its argument list, or an object of
 *       {@code args} and {@code kwargs}.
 *   <li>{@code excludeMe} (default false, as the specification says), {@code exclude} and {@code eligible} narrow
 *       the WAMP v1 subscribers; subscribers of other protocols have no WAMP v1 session id and are not narrowed.
 *       An empty {@code eligible} list restricts nothing, since the sgc JavaScript client sends {@code [], []}
 *       for "everyone". The server reads the lists in the specification's order (sgc's client swaps them).
 *   <li>CALL reaches the application's {@code @RpcMethod} beans only, under the permission rules of the WAMP v2
 *       dealer; one argument is the method's params, several are the params as a list. Failures are CALLERROR
 *       with the WAMP v2 error URIs, and a details object with the JSON-RPC code. sgc's CALLCANCEL (1001) is
 *       accepted and does nothing: a call is answered before the next message is read.
 *   <li>WAMP v1 has no reply to SUBSCRIBE and PUBLISH: one the permission rules refuse, or whose topic is no
 *       channel name, is not carried out and the session goes on. A message that is not a WAMP v1 message closes
 *       the connection with 1002, one over the size bound with 1009, one past a budget (prefixes, URI length,
 *       subscriptions, session lists) with 1008; the close reason says why.
 * </ul>
 */
package dev.switchboard.protocol.wamp;
