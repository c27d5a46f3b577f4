/**
 * The sgc WebRTC signalling protocol ({@code webrtc.esegece.com}): browsers join a channel and the server relays their
 * SDP offers and answers and ICE candidates to the channel's other peers; media and data then flow between the
 * browsers, never through the server. {@code docs/webrtc.md} is the user guide, and says how to pair Switchboard with a
 * STUN/TURN server such as coturn, which stays outside the application server.
 *
 * <p>Wire format (the sgc envelope, kept for the sgc JavaScript clients):
 * <ul>
 *   <li>on open, only when ICE servers are configured: {@code {"method":"sgc@iceservers","iceservers":{"iceServers":[..]}}};
 *   <li>join: {@code {"jsonrpc":"2.0","method":"sgc@subscribe","params":{"channel":"room1"}}}, answered to the joiner
 *       with {@code {"jsonrpc":"2.0","method":"sgc@subscribe","params":{"message":"2","channel":"room1"}}}, the
 *       number of peers including the joiner (the peer that makes two makes the offer);
 *   <li>signal: {@code {"jsonrpc":"2.0","method":"sgc@webrtc","params":{"channel":"room1"},"webrtc":{..}}}, relayed
 *       to the channel's other peers as {@code {"jsonrpc":"2.0","method":"sgc@webrtc","params":{"channel":"room1"},
 *       "webrtc":{..}}} with the signal object unchanged and not echoed to its sender;
 *   <li>leave: {@code sgc@unsubscribe} with {@code params.channel}, answered with the same method.
 * </ul>
 *
 * <p>Decisions where the sgc protocol leaves room or is unsafe:
 * <ul>
 *   <li>A hang-up is a peer leaving a channel or closing: the channel's other peers get a {@code {"type":"bye"}}
 *       signal from the server (so a peer whose browser vanished without one is noticed), and with
 *       {@code switchboard.webrtc.close-session-on-hangup} (default true, as sgc's {@code CloseSessionOnHangup}) they
 *       are disconnected with 1000. A connection closed that way hangs up its calls in its other channels, not again
 *       in that one.
 *   <li>Bounds, each refused with a JSON-RPC error object: a frame's size and a signal's bytes (-32029), candidates
 *       per peer and join (-32029), peers per channel (-32029), channels per connection (-32029); a frame that is not
 *       one JSON object gets -32700, one without a method -32600, an unknown method -32601, a channel that is a list
 *       or a mask, or a signal to a channel the peer has not joined, -32602. Binary frames close with 1003.
 *   <li>Permission rules: a join asks the subscribe rules and a signal the publish rules about {@code webrtc/NAME},
 *       so a rule for a chat channel does not open a call of the same name; a refusal is -32003. A rewrite a publish
 *       handler returns is not applied: a signal is relayed as its sender wrote it or not at all.
 *   <li>In a cluster, signals, {@code bye} and hang-up disconnects reach peers on every node. Each node announces its
 *       peer count per channel when it changes and every third of {@code switchboard.webrtc.lease}, and the join count
 *       and the peers-per-channel bound add the other nodes' counts: two peers that join within the broker's latency
 *       of each other on different nodes may both count one, and a node's peers stop counting one lease after it
 *       died.
 *   <li>The sgc JavaScript client's {@code <prefix>.webrtc.esegece.com} token is accepted and echoed; {@code sgc@broadcast}
 *       and {@code sgc@protocol} of the sgc server are not part of this protocol (-32601).
 * </ul>
 */
package dev.switchboard.protocol.webrtc;
