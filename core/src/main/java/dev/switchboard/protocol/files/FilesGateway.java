package dev.switchboard.protocol.files;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.api.PublicationProperties;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.channel.ChannelNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * The active half of the Files protocol: the application sends a file from disk to one connection, or publishes it
 * to every Files subscriber of a channel. The file is read a packet at a time while it is sent, never whole.
 *
 * <p>A channel publication goes through the broker like any other: a small publication on the channel carries the
 * file's description, and each node's Files subscribers of the channel are sent the file from its path, so in a
 * cluster the path must be readable on every node (shared storage). Subscribers of other protocols receive the
 * publication's text, a JSON description {@code {"file":NAME,"size":N,"id":ID}}.
 */
@ApplicationScoped
public class FilesGateway {

    private static final String PREFIX = "files.";
    private static final String ID = PREFIX + "id";
    private static final String NAME = PREFIX + "name";
    private static final String SIZE = PREFIX + "size";
    private static final String QOS = PREFIX + "qos";
    private static final String BUFFER_SIZE = PREFIX + "buffer-size";
    private static final String DATA = PREFIX + "data";
    private static final String PATH = PREFIX + "path";

    private FilesProtocol protocol;

    /** For the container's client proxy. */
    protected FilesGateway() {}

    /**
     * Creates the gateway.
     *
     * @param protocol the Files protocol bean
     */
    @Inject
    FilesGateway(@Subprotocol(FilesProtocol.NAME) FilesProtocol protocol) {
        this.protocol = protocol;
    }

    /** What is sent: the file, as every subscriber's transfer needs it. */
    record Offer(
            String fileId,
            Path path,
            String fileName,
            long fileSize,
            int qos,
            int bufferSize,
            String data,
            String channel) {}

    /**
     * Sends a file to one connection of this node that uses the Files protocol.
     *
     * @param connectionId the connection
     * @param file         a readable regular file
     * @param options      QoS, packet size and data
     * @return the transfer's FileId
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the connection is not a Files connection of this node, or the file's
     *                                  name cannot travel in a header
     */
    public String sendFile(String connectionId, Path file, FileOptions options) throws IOException {
        Connection connection = protocol.hub()
                .connection(connectionId)
                .filter(c -> c.subprotocol().filter(FilesProtocol.NAME::equals).isPresent())
                .orElseThrow(() -> new IllegalArgumentException("no Files connection " + connectionId + " here"));
        Offer offer = offer(file, options, "");
        if (!protocol.downloads().start(connection, offer)) {
            throw new IOException("the file could not be opened: " + file);
        }
        return offer.fileId();
    }

    /**
     * Publishes a file to every Files subscriber of a channel, through the broker.
     *
     * @param channel one channel name (canonicalised)
     * @param file    a readable regular file, at the same path on every node of a cluster
     * @param options QoS, packet size and data
     * @return completes with the number of local subscribers the publication reached, as
     *     {@link dev.switchboard.api.Gateway#publish(String, String)} counts them
     * @throws IOException when the file cannot be read
     */
    public CompletionStage<Integer> publishFile(String channel, Path file, FileOptions options) throws IOException {
        String name = ChannelNames.canonical(channel);
        if (name.indexOf('|') >= 0) {
            throw new IllegalArgumentException("a channel of a file must not contain '|'");
        }
        Offer offer = offer(file, options, name);
        PublicationProperties properties = PublicationProperties.builder()
                .add(ID, offer.fileId())
                .add(NAME, offer.fileName())
                .add(SIZE, Long.toString(offer.fileSize()))
                .add(QOS, Integer.toString(offer.qos()))
                .add(BUFFER_SIZE, Integer.toString(offer.bufferSize()))
                .add(DATA, offer.data())
                .add(PATH, offer.path().toString())
                .build();
        String text = "{\"file\":" + dev.switchboard.json.JsonStrings.quote(offer.fileName()) + ",\"size\":"
                + offer.fileSize() + ",\"id\":" + dev.switchboard.json.JsonStrings.quote(offer.fileId()) + "}";
        return protocol.hub().publishTracked(name, text, Optional.empty(), Optional.empty(), properties, () -> {});
    }

    /**
     * The files this node's transfers hold open: those being sent and those kept for a logged-in user whose
     * connection was cut. For monitoring; it falls as transfers end, resume windows pass, or the node stops.
     *
     * @return the number of open files
     */
    public int openFiles() {
        return protocol.downloads().openFiles();
    }

    /**
     * The interrupted QoS 2 transfers this node keeps for their users to reconnect, at most
     * {@code switchboard.files.max-kept-downloads}.
     *
     * @return the number of kept transfers
     */
    public int keptTransfers() {
        return protocol.downloads().kept();
    }

    private Offer offer(Path file, FileOptions options, String channel) throws IOException {
        Path real = file.toRealPath();
        if (!Files.isRegularFile(real) || !Files.isReadable(real)) {
            throw new IOException("not a readable file: " + file);
        }
        String fileName = real.getFileName().toString();
        if (FileNames.refusal(fileName) != null || fileName.indexOf('|') >= 0) {
            throw new IllegalArgumentException("the file's name cannot be sent: " + fileName);
        }
        return new Offer(
                UUID.randomUUID().toString(),
                real,
                fileName,
                Files.size(real),
                options.qos(),
                options.bufferSize(),
                options.data(),
                channel);
    }

    /** The file a publication offers, when it is one of this gateway's. */
    static Optional<Offer> offerOf(Publication publication) {
        PublicationProperties properties = publication.properties();
        if (properties.isEmpty() || !properties.has(PATH)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Offer(
                    properties.get(ID).orElseThrow(),
                    Path.of(properties.get(PATH).orElseThrow()),
                    properties.get(NAME).orElseThrow(),
                    Long.parseLong(properties.get(SIZE).orElseThrow()),
                    Integer.parseInt(properties.get(QOS).orElseThrow()),
                    Integer.parseInt(properties.get(BUFFER_SIZE).orElseThrow()),
                    properties.get(DATA).orElse(""),
                    publication.channel()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
