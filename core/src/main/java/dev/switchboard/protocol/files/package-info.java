/**
 * The sgc Files subprotocol ({@code files.esegece.com}): binary file transfers between clients and the server, with
 * QoS 0, 1 and 2, resume of interrupted QoS 2 uploads and downloads, per-user quotas, and files published to channels
 * through the broker. {@code docs/protocols.md} is the user guide.
 *
 * <p>Decisions where the sgc wire format is ambiguous or unsafe:
 * <ul>
 *   <li>A file name with a path separator ({@code /} or {@code \}), a colon, a control character, {@code .} or
 *       {@code ..}, or more than 255 UTF-8 bytes is refused, not trimmed: sgc clients send only the last path
 *       element. The client's name never reaches the file system: a spool file is named by a digest of its key.
 *   <li>The application's veto ({@link dev.switchboard.spi.FileUploadHandler}) is asked at every QoS level, not only
 *       at QoS 2 as in sgc; the size is checked at the end at every level too.
 *   <li>A QoS 0 upload never appends to an earlier file of the same name (sgc did, an implicit resume that could
 *       corrupt data); only a QoS 2 upload resumes, from the last acknowledged byte, when the client sends the
 *       header again with the same FileId within {@code switchboard.files.resume-window}.
 *   <li>An interrupted upload of a connection without a user is found again by its FileId alone: the client made it
 *       up (a GUID), and no name of an anonymous client survives its reconnect.
 *   <li>An interrupted QoS 2 download (a file {@link dev.switchboard.protocol.files.FilesGateway} sends) resumes only
 *       for a logged-in user: sgc has the receiver ask again, but the server picks the connection, and only a user's
 *       name tells which new connection is the same client. The user's next Files connection within
 *       {@code switchboard.files.download-resume-window} is sent the header again and the client's
 *       {@code sgc@filerec} says where to go on; an anonymous connection's downloads end with it. Kept transfers
 *       hold their file open (a file the application deletes or renames meanwhile is still sent whole), are bounded per
 *       user and in all, and are dropped, oldest first, past the bounds.
 *   <li>A malformed packet whose header could be read gets {@code sgc@file_sent_error}; one that cannot even be framed
 *       (length prefix not ten digits, header over 8192 bytes or past the message, header not UTF-8) closes the
 *       connection with 1002, 1009 or 1007.
 *   <li>The server's packets carry no {@code "} quoting; no field may contain {@code |}.
 * </ul>
 */
package dev.switchboard.protocol.files;
