/** The TCP transport's hub connection and the adapter that keeps a socket's calls to its handler serial. */
package dev.switchboard.tcp.internal;
