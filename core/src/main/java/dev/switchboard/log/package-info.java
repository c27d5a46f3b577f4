/**
 * Logging: {@link dev.switchboard.log.LogSafe} makes text a client sent safe to put in a log line, so that no request
 * can forge or split log entries; {@link dev.switchboard.log.WireLog} writes the frames of chosen connections, with
 * credentials masked, to a size-capped file, fed by the transports through its {@link dev.switchboard.log.WireTap}.
 */
package dev.switchboard.log;
