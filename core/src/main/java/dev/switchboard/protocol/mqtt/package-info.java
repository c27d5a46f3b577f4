/**
 * The MQTT protocol ({@code mqtt}): an MQTT 3.1.1 and 5.0 server over binary WebSocket frames whose topics are
 * Switchboard channels, so MQTT clients share channels with sgc clients, SSE streams and the server's gateway.
 *
 * <p>{@link dev.switchboard.protocol.mqtt.MqttProtocol} is the subprotocol bean; {@code MqttCodec} reads and writes
 * packets (a per-connection decoder reassembles packets across frames, bounded by the maximum packet size);
 * {@code MqttSession} holds one client's subscriptions, in-flight and queued messages; {@code TopicFilter} matches
 * {@code +} and {@code #} filters as a hub channel filter; {@code RetainedMessages} keeps retained messages.
 *
 * <p>Decisions where MQTT leaves a choice or Switchboard's model differs (the user guide is
 * {@code docs/protocols.md}, section MQTT):
 * <ul>
 *   <li>Text or bytes: a publication is text when its payload is well-formed UTF-8 and, in MQTT 5, its Payload
 *       Format Indicator is 1; otherwise it is a binary publication. Other protocols' publications count as QoS 2,
 *       so MQTT subscribers get them at their granted QoS.</li>
 *   <li>Delivery is per subscriber ({@code deliversPerSubscriber}): packet ids, QoS, subscription ids, no-local and
 *       retain-as-published are per connection. The MQTT properties, published QoS, retain flag and absolute expiry
 *       of a publication travel in its publication properties ({@code MqttPublicationProperties}), so the MQTT
 *       subscribers of every cluster node see them.</li>
 *   <li>Retained messages are stored by every node when it delivers a retained publication (the hub's publication
 *       observer), in the channel's order, so all nodes hold the same ones; a node that joins later lacks the older
 *       ones.</li>
 *   <li>Persistent sessions keep queueing while their client is away through the hub's publication observer
 *       ({@code Hub.observePublications}), since the hub forgets a closed connection's subscriptions.</li>
 *   <li>Sessions are keyed by principal and client id, so one user cannot take over another's session.</li>
 *   <li>Topic names holding characters the hub reads as a channel list or a mask are refused as invalid topic
 *       names, so an MQTT publish never fans out to channels the client did not name.</li>
 *   <li>An MQTT 3.1.1 client has no refusal code for a publication: a refused one is acknowledged and dropped.</li>
 * </ul>
 *
 * <p>Threading: inbound packets are handled serially per connection by the transport; deliveries arrive on
 * publishers' threads with the hub's channel lock held and take the session's lock; nothing is published while a
 * session lock is held. Timers run on the hub's scheduler.
 */
package dev.switchboard.protocol.mqtt;
