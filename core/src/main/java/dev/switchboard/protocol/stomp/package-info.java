/**
 * STOMP 1.0, 1.1 and 1.2 over WebSocket (subprotocols {@code v10.stomp}, {@code v11.stomp}, {@code v12.stomp}),
 * served on the hub so that a STOMP destination, an sgc channel, an MQTT topic and an SSE stream share one channel
 * space. {@code docs/protocols.md} is the user guide.
 *
 * <p>Decisions where the specification leaves room:
 * <ul>
 *   <li>Destinations: {@code /topic/NAME} is channel {@code NAME}; {@code /queue/NAME} is channel
 *       {@code /queue/NAME}, each message going to one STOMP subscriber, round robin; in a cluster the sending
 *       node names the one node that delivers it ({@code StompQueueRoutes}: leased interest announcements);
 *       {@code /user/queue/NAME} is the connection's own channel {@code /user/LOGIN/queue/NAME}, and a SEND to
 *       {@code /user/LOGIN/queue/NAME} reaches that user (Spring's convention). Anything else, names with
 *       {@code , * ? [} (the hub reads those as lists and masks) and topic names that start with {@code /queue/} or
 *       {@code /user/} are refused with ERROR.
 *   <li>A queue holds no message without a subscriber: a message no subscriber can take (none there, or all at
 *       their unacknowledged bound) is dropped, as on a topic.
 *   <li>NACK of a queue message hands it to the next subscriber of the queue (maybe the same one), with
 *       {@code redelivered:true}; NACK of a topic message drops it. On close, a connection's unacknowledged queue
 *       messages go to another subscriber.
 *   <li>ACK or NACK of an unknown or already settled id is ignored (a cumulative {@code client} ACK settles
 *       earlier ids).
 *   <li>Every error is fatal, as the specification says of ERROR: the frame names the problem, then the connection
 *       closes with 1002 (malformed), 1009 (frame too large), 1008 (refused by the rules or a budget), 4500 (login
 *       refused), 4008 (too many unacknowledged messages), 1013 (the broker refused a message) or 4009 (missed
 *       heart-beats, without ERROR).
 *   <li>A SEND frame's own headers reach the MESSAGE frames (STOMP 1.2 says they should), bounded as publication
 *       properties; the headers that route, acknowledge or measure the frame never do, and the server's headers
 *       win a clash. {@code content-type} is the protocols' shared content type, so MQTT 5 sees it.
 *   <li>{@code host} is accepted and ignored: one virtual host. {@code login}/{@code passcode} are checked against
 *       the credential stores; the login becomes the identity of a connection that opened without one, and must
 *       name the same user as one that opened with one.
 * </ul>
 */
package dev.switchboard.protocol.stomp;
