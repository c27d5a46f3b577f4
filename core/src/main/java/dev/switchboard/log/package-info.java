/**
 * Logging helpers: {@link dev.switchboard.log.LogSafe} makes text a client sent safe to put in a log line, so that
 * no request can forge or split log entries.
 */
package dev.switchboard.log;
