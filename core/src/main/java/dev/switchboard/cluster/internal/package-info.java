/** The cluster broker's parts: the messaging link, the message format, and the per-channel ordering. */
package dev.switchboard.cluster.internal;
