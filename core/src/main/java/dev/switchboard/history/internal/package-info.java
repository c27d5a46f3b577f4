/**
 * The built-in history stores: in memory (bounded per channel by count and age) and JDBC (portable SQL, tables
 * created on first use). Nothing outside the history feature uses them directly; the hub and the transports see
 * only {@link dev.switchboard.spi.HistoryStore}.
 */
package dev.switchboard.history.internal;
