package dev.switchboard.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** Copies bytes both ways between two sockets on virtual threads, closing both when either side ends. */
final class Pipes {

    private Pipes() {}

    static void both(Socket a, Socket b) {
        Thread.ofVirtual().name("test-pipe").start(() -> copy(a, b));
        Thread.ofVirtual().name("test-pipe").start(() -> copy(b, a));
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away.
        } finally {
            FaultyProxy.closeQuietly(from);
            FaultyProxy.closeQuietly(to);
        }
    }
}
