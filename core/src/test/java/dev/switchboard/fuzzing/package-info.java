/**
 * Fuzzing every {@code @FuzzTest} target for a time budget: Jazzer fuzzes one target per JVM, so each target runs in
 * a JVM of its own started from the test ({@link dev.switchboard.fuzzing.FuzzTargetMain}); the default build gives
 * each a few seconds, {@code ./fuzz} as long as asked.
 */
package dev.switchboard.fuzzing;
