/**
 * A client of the Files protocol ({@code files.esegece.com}) for sending files to a server and receiving the files it
 * sends, chunk by chunk, at QoS 0, 1 and 2, over a {@link dev.switchboard.client.link.Link}.
 *
 * <p>{@link dev.switchboard.client.files.FilesClient} is the entry point; files never pass through memory whole.
 */
package dev.switchboard.client.files;
