/**
 * HTTP helpers shared by Switchboard's servlets: reading a request body within a budget of bytes and of total time,
 * so that a client cannot hold a connection and a request by trickling a body one byte at a time.
 */
package dev.switchboard.http;
