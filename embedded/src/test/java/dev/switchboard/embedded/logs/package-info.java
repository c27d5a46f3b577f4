/**
 * Tests of what operators read about connections: the wire log (its content, masking, rotation, switches) and the
 * embedded server's JSON log format.
 */
package dev.switchboard.embedded.logs;
