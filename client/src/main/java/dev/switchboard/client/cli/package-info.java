/**
 * The command-line tool of the Java client ({@code java -jar switchboard-client.jar}): subscribe and print, publish
 * with a QoS, call a server method; one-line errors on stderr and documented exit codes.
 */
package dev.switchboard.client.cli;
