/**
 * Faults the server must survive without losing what it promised: connections reset mid-stream, clients that stop
 * reading, the server's process killed with SIGKILL, and its database stopped while it runs. Each test has a short
 * form that runs in the default build and a long form selected with {@code -Dchaos.long=true} (see
 * {@code docs/reliability.md}).
 */
package dev.switchboard.embedded.chaos;
