/**
 * What the core tests share: awaiting a condition with a deadline instead of sleeping, and a clock a test moves
 * by hand.
 */
package dev.switchboard.testing;
