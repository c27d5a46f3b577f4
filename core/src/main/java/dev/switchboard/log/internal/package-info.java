/**
 * The wire log's machinery: the entries the transports' taps record, the masking of credentials, the line format and
 * the writer that drains a bounded queue into size-capped, rotated files on the application's scheduler.
 */
package dev.switchboard.log.internal;
