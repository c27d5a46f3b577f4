package dev.switchboard.embedded.files;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.files.FilesClient.Packet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The client's part of a QoS 2 download that is cut and perhaps resumed: the bytes held so far, received on one
 * connection and continued on another, answering every packet as an sgc client does.
 */
final class PartialDownload {

    /** The user the resume tests log in as. */
    static final String USER = "carol";

    static final String PASSWORD = "pw";

    final Packet header;
    final ByteArrayOutputStream held = new ByteArrayOutputStream();

    private PartialDownload(Packet header) {
        this.header = header;
    }

    /** A users file with {@link #USER}, for {@link ConfigKeys#AUTH_USERS}. */
    static Path usersFile() {
        try {
            Path dir = Files.createTempDirectory("files-users");
            dir.toFile().deleteOnExit();
            Path file = Users.add(dir.resolve("users"), USER, PASSWORD, "staff");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of random bytes next to a spool directory. */
    static Path randomFile(Path spool, String name, int size, long seed) throws IOException {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        Path file = spool.resolveSibling(spool.getFileName() + "-" + name);
        Files.write(file, content);
        file.toFile().deleteOnExit();
        return file;
    }

    /**
     * Receives a QoS 2 download from its header until at least {@code atLeast} bytes are held, answering each packet;
     * the chunk that reaches the mark is kept but left unanswered, as when the network fails right after it arrived.
     */
    static PartialDownload receiveUntil(FilesClient client, long atLeast) throws InterruptedException {
        Packet header = client.next();
        if (!header.method().equals("sgc@file") || !header.streaming().equals("stmNone")) {
            throw new AssertionError("expected a file header, got " + header.fields());
        }
        PartialDownload download = new PartialDownload(header);
        client.send(header.with(header.id(), 0, "stmNone", "sgc@acknowledgment", new byte[0]));
        client.send(header.with("r0", 0, "stmNone", "sgc@filerec", new byte[0]));
        int n = 0;
        while (true) {
            Packet chunk = download.nextChunk(client);
            if (download.held.size() >= atLeast || chunk.streaming().equals("stmLast")) {
                return download;
            }
            client.send(chunk.with(chunk.id(), chunk.position(), chunk.streaming(), "sgc@acknowledgment", new byte[0]));
            client.send(chunk.with("r" + ++n, chunk.position(), chunk.streaming(), "sgc@filerec", new byte[0]));
        }
    }

    /**
     * Goes on on a new connection: the header of the same FileId arrives again, is answered with {@code sgc@filerec}
     * at the held size, and the rest is received and confirmed.
     *
     * @return the payload bytes this connection received
     */
    long resume(FilesClient client) throws InterruptedException {
        Packet again = client.next();
        if (!again.method().equals("sgc@file")
                || !again.streaming().equals("stmNone")
                || !again.fileId().equals(header.fileId())) {
            throw new AssertionError("expected the header of " + header.fileId() + " again, got " + again.fields());
        }
        client.send(again.with(again.id(), 0, "stmNone", "sgc@acknowledgment", new byte[0]));
        client.send(again.with("s0", held.size(), "stmNone", "sgc@filerec", new byte[0]));
        long before = held.size();
        int n = 0;
        while (true) {
            Packet chunk = nextChunk(client);
            client.send(chunk.with(chunk.id(), chunk.position(), chunk.streaming(), "sgc@acknowledgment", new byte[0]));
            if (chunk.streaming().equals("stmLast")) {
                client.send(chunk.with("done", chunk.position(), chunk.streaming(), "sgc@file_received", new byte[0]));
                return held.size() - before;
            }
            client.send(chunk.with("s" + ++n, chunk.position(), chunk.streaming(), "sgc@filerec", new byte[0]));
        }
    }

    private Packet nextChunk(FilesClient client) throws InterruptedException {
        Packet chunk = client.next();
        if (!chunk.method().equals("sgc@file") || !chunk.fileId().equals(header.fileId())) {
            throw new AssertionError("expected a chunk of " + header.fileId() + ", got " + chunk.fields());
        }
        long start = chunk.position() - chunk.payload().length;
        if (start != held.size()) {
            throw new AssertionError("a chunk from " + start + " when " + held.size() + " bytes are held");
        }
        held.writeBytes(chunk.payload());
        return chunk;
    }
}
