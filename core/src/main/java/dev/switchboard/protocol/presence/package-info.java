/**
 * The sgc Presence protocol (subprotocol {@code presence.esegece.com}): who is connected, under which name, and in
 * which presence channels, with messages to a channel's members or to everyone. {@code docs/protocols.md} is the
 * user guide.
 *
 * <p>Decisions where the sgc protocol leaves room or is unsafe:
 * <ul>
 *   <li>The member id is always the connection id of the session message; the id a client puts in {@code member}
 *       is not trusted. The JavaScript clients' {@code <prefix>presence.esegece.com} token is accepted and echoed.
 *   <li>Every connection of the protocol gets {@code member@new} and {@code member@remove} (sgc broadcasts them to
 *       the protocol's connections); {@code channel@member@new}, {@code channel@member@remove} and a channel's
 *       {@code publish@msg} go to that channel's members only (sgc sends an explicit leave to everyone, which tells
 *       non-members who is in a channel), and the leaver is told of its own leave.
 *   <li>Joining a channel, inviting to it and listing its members ask the subscribe rules (a refusal is error 10, or
 *       30 for a listing); publishing asks the publish rules (error 20, sent as {@code error@publish@msg}, where sgc
 *       sends {@code error@member@channel}); a publication to everyone is asked about channel {@code presence}.
 *       The application's {@link dev.switchboard.spi.PresenceHandler} beans may refuse a new member (error 2) or a
 *       join (error 10), as sgc's {@code OnBeforeNewMember} and {@code OnBeforeNewChannelMember} hooks do.
 *       Channel names are made canonical first; names with {@code , * ? [} are refused (error 10), since the hub
 *       reads those as lists and masks.
 *   <li>Bounds: members per channel, channels per member, name, info and id lengths, members per invitation,
 *       unacknowledged frames per connection (the oldest is no longer re-sent); a listing of every member lists at
 *       most the members-per-channel bound. A frame that is not one JSON object, has no method or an over-long id
 *       closes the connection with 1002; a binary frame with 1003; an unknown method is ignored.
 *   <li>With acknowledgments on, every frame the server sends carries a fresh {@code id} and is re-sent every
 *       timeout until the client answers {@code sgc@presence@acknowledgment}; every client frame with an id is
 *       acknowledged at once, whatever the setting.
 *   <li>A disconnect, with or without a close frame (the hub's heartbeat and idle timeout close a dead one), is a
 *       {@code member@remove}: {@code channel@member@remove} to each channel's members, then {@code member@remove} to
 *       all.
 *   <li>Membership changes are also published as JSON on the ordinary channel {@code presence/NAME}, for SSE and
 *       other protocols' clients, under the same subscribe rules as any channel; no client may publish there
 *       ({@link dev.switchboard.protocol.presence.PresenceChangeChannelGuard}).
 * </ul>
 *
 * <p>In a cluster: frames travel as publications of internal channels ({@code /internal/presence/...}, which no
 * client may subscribe or publish to) through the broker, so members on every node get them. Each node keeps the
 * whole membership in the {@link dev.switchboard.protocol.presence.PresenceRegistry}, fed by
 * {@code presence.members} announcements (a node that starts asks the others for theirs); each node renews its
 * lease every third of {@code switchboard.presence.lease}, and the members of a node whose lease runs out are removed,
 * every node telling its own connections. The bounds on channel sizes are checked against this node's view, which may
 * lag another node's joins by the broker's latency.
 */
package dev.switchboard.protocol.presence;
