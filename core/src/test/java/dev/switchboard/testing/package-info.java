/**
 * What the core tests share: awaiting a condition with a deadline instead of sleeping, a clock a test moves
 * by hand, and configuration from a map.
 */
package dev.switchboard.testing;
