/**
 * Tests of operating a node over HTTP and real clients: the health probes and the drain (refusals, notices, the
 * closes at its deadline, SIGTERM).
 */
package dev.switchboard.embedded.ops;
