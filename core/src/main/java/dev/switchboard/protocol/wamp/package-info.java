/**
 * A WAMP v2 router (subprotocols {@code wamp.2.json} and {@code wamp.2.msgpack}): the Basic Profile's session,
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
 */
package dev.switchboard.protocol.wamp;
