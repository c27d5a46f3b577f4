package dev.switchboard.forward.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * The client's upload as the upstream request reads it: counted, so that a failed exchange knows whether any of
 * it was sent, and remembering whether reading it failed (the client went away). The stream is opened on first
 * read and never closed here: the container owns it.
 */
final class CountingInput extends InputStream {

    private final HttpServletRequest request;
    private InputStream in;
    private volatile long count;
    private volatile boolean clientFailed;

    CountingInput(HttpServletRequest request) {
        this.request = request;
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    /** Whether reading the client's body failed. */
    boolean clientFailed() {
        return clientFailed;
    }

    private InputStream in() throws IOException {
        if (in == null) {
            in = request.getInputStream();
        }
        return in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = in().read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        } catch (IOException e) {
            clientFailed = true;
            throw e;
        }
    }

    @Override
    public void close() {
        // The container owns the request stream.
    }
}
