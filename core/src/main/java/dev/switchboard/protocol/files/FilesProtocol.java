package dev.switchboard.protocol.files;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Publication;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.ClientBudgets;
import dev.switchboard.hub.Hub;
import dev.switchboard.json.JsonStrings;
import dev.switchboard.spi.FileUploadHandler;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * The Files subprotocol ({@code files.esegece.com}): file transfers in binary packets, uploads from clients
 * ({@link Uploads}) and files the application sends ({@link FilesGateway}, delivered by {@link Downloads}), plus the
 * sgc JSON {@code sgc@subscribe} / {@code sgc@unsubscribe} text frames with which a client joins the channels files
 * are published to.
 */
@ApplicationScoped
@Subprotocol(FilesProtocol.NAME)
public class FilesProtocol implements SubprotocolHandler {

    /** The subprotocol token. */
    public static final String NAME = "files.esegece.com";

    /** The longest text frame (a subscribe request) read, in characters. */
    static final int MAX_TEXT_LENGTH = 4096;

    private static final System.Logger LOG = System.getLogger(FilesProtocol.class.getName());

    private Hub hub;
    private ChannelPolicy policy;
    private FilesSettings settings;
    private BeanManager beanManager;
    private Instance<FileUploadHandler> uploadHandlers;
    private long outboundMaxBytes;

    private Uploads uploads;
    private Downloads downloads;
    private Future<?> retryTask;

    /** For the container's client proxy. */
    protected FilesProtocol() {}

    /**
     * Creates the protocol bean.
     *
     * @param hub            the hub
     * @param policy         the application's subscribe handlers
     * @param reader         the configuration
     * @param beanManager    fires the file events
     * @param uploadHandlers the application's upload vetoes
     */
    @jakarta.inject.Inject
    FilesProtocol(
            Hub hub,
            ChannelPolicy policy,
            ConfigReader reader,
            BeanManager beanManager,
            @Any Instance<FileUploadHandler> uploadHandlers) {
        this.hub = hub;
        this.policy = policy;
        this.settings = FilesSettings.read(reader);
        this.beanManager = beanManager;
        this.uploadHandlers = uploadHandlers;
        this.outboundMaxBytes = reader.getLong(ConfigKeys.OUTBOUND_MAX_BYTES, 1L << 20);
    }

    @PostConstruct
    void start() {
        try {
            Files.createDirectories(settings.spoolDirectory());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The Files spool directory cannot be created: " + settings.spoolDirectory() + " ("
                            + ConfigKeys.FILES_SPOOL_DIRECTORY + ")",
                    e);
        }
        uploads = new Uploads(
                settings, BeanLookup.ordered(uploadHandlers), this::fire, hub::budgetRefused, hub.scheduler());
        downloads = new Downloads(settings, outboundMaxBytes, this::fire, hub.scheduler());
        retryTask = hub.scheduler().scheduleWithFixedDelay(this::retry, settings.qosInterval(), settings.qosInterval());
    }

    @PreDestroy
    void stop() {
        if (retryTask != null) {
            retryTask.cancel(false);
        }
        if (uploads != null) {
            uploads.stop();
        }
        if (downloads != null) {
            downloads.stop();
        }
    }

    /** The settings in force. */
    FilesSettings settings() {
        return settings;
    }

    /** The delivery of files the application sends. */
    Downloads downloads() {
        return downloads;
    }

    /** The hub, for the gateway's channel publications. */
    Hub hub() {
        return hub;
    }

    private void retry() {
        try {
            uploads.retry();
            downloads.retry();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The Files QoS 2 retry failed", e);
        }
    }

    private void fire(Object event) {
        try {
            beanManager.getEvent().fire(event);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "An observer of " + event.getClass().getSimpleName() + " failed",
                    e);
        }
    }

    // ---- SubprotocolHandler -----------------------------------------------------------------------------------

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        FilePacket packet;
        try {
            packet = FileCodec.decode(message);
        } catch (MalformedFilePacketException e) {
            hub.budgetRefused(connection);
            if (e.closeCode() != 0) {
                connection.close(e.closeCode(), e.getMessage());
            } else {
                connection.sendBinary(FileCodec.encode(emptyHeader()
                        .control(FilePacket.FILE_SENT_ERROR, Uploads.newId(), 0, textField(e.getMessage()))));
            }
            return;
        }
        switch (packet.method()) {
            case FilePacket.FILE -> {
                if (packet.isData()) {
                    uploads.chunk(connection, user(connection), packet);
                } else {
                    uploads.header(connection, user(connection), packet);
                }
            }
            case FilePacket.ACKNOWLEDGMENT -> downloads.acknowledged(connection, packet);
            case FilePacket.FILEREC -> downloads.requested(connection, packet);
            case FilePacket.FILE_RECEIVED -> downloads.received(connection, packet);
            case FilePacket.FILE_SENT_ERROR, FilePacket.FILE_RECEIVED_ERROR -> downloads.failed(connection, packet);
            default -> sendError(connection, packet, "unknown method");
        }
    }

    @Override
    public void onText(Connection connection, String message) {
        if (message.length() > MAX_TEXT_LENGTH) {
            connection.close(
                    CloseCodes.MESSAGE_TOO_BIG, "a Files text frame may hold " + MAX_TEXT_LENGTH + " characters");
            return;
        }
        JsonObject request;
        try (JsonReader reader = Json.createReader(new StringReader(message))) {
            request = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            connection.sendText(error(RpcException.PARSE_ERROR, "Parse error", null));
            return;
        }
        String id = request.get("id") instanceof JsonString s ? s.getString() : null;
        String method = request.get("method") instanceof JsonString s ? s.getString() : "";
        String channel = "";
        if (request.get("params") instanceof JsonObject params && params.get("channel") instanceof JsonString s) {
            channel = s.getString();
        }
        switch (method) {
            case "sgc@subscribe" -> subscribe(connection, channel, id);
            case "sgc@unsubscribe" -> unsubscribe(connection, channel, id);
            case "sgc@unsubscribe_all" -> hub.unsubscribeAll(connection);
            default -> connection.sendText(error(RpcException.METHOD_NOT_FOUND, "Method not found", id));
        }
    }

    private void subscribe(Connection connection, String spec, String id) {
        List<String> names;
        try {
            names = hub.clientChannels(spec);
        } catch (ChannelNames.InvalidChannelException e) {
            connection.sendText(error(RpcException.INVALID_PARAMS, e.getMessage(), id));
            return;
        }
        for (String name : names) {
            SubscribeDecision decision = policy.decideSubscribe(connection, name);
            if (!decision.allowed()) {
                connection.sendText(error(decision.code(), decision.message(), id));
                continue;
            }
            Optional<String> overBudget = hub.subscriptionRefusal(connection, name);
            if (overBudget.isPresent()) {
                hub.budgetRefused(connection);
                connection.sendText(error(RpcException.BUDGET_EXCEEDED, overBudget.get(), id));
                continue;
            }
            hub.subscribe(connection, name);
            connection.sendText(reply("sgc@subscribe", name, id));
        }
    }

    private void unsubscribe(Connection connection, String spec, String id) {
        List<String> names;
        try {
            names = hub.clientChannels(spec);
        } catch (ChannelNames.InvalidChannelException e) {
            connection.sendText(error(RpcException.INVALID_PARAMS, e.getMessage(), id));
            return;
        }
        for (String name : names) {
            hub.unsubscribe(connection, name);
            connection.sendText(reply("sgc@unsubscribe", name, id));
        }
    }

    @Override
    public void onOpen(Connection connection) {
        downloads.opened(connection);
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        uploads.closed(connection);
        downloads.closed(connection);
    }

    @Override
    public boolean deliversPerSubscriber() {
        return true;
    }

    @Override
    public void deliverPublication(Connection subscriber, Publication publication) {
        // Only the file offers of FilesGateway concern this protocol; other channel traffic has no Files form.
        // Opening and reading the file is left to the scheduler: this runs under the channel's delivery lock.
        FilesGateway.offerOf(publication)
                .ifPresent(offer -> hub.scheduler().execute(() -> downloads.start(subscriber, offer)));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Whose quota a connection's uploads count against: its identity's name, else its connection id. */
    static String user(Connection connection) {
        return connection
                .identity()
                .map(Identity::name)
                .or(() -> connection.principal().map(Principal::getName))
                .map(name -> "user:" + name)
                .orElse("connection:" + connection.id());
    }

    static boolean isAnonymous(Connection connection) {
        return ClientBudgets.isAnonymous(connection) && connection.identity().isEmpty();
    }

    /** Tells the client that a packet was refused: {@code sgc@file_sent_error} with the reason in Text. */
    static void sendError(Connection connection, FilePacket packet, String text) {
        connection.sendBinary(FileCodec.encode(
                packet.control(FilePacket.FILE_SENT_ERROR, Uploads.newId(), packet.filePosition(), textField(text))));
    }

    private static FilePacket emptyHeader() {
        return new FilePacket(
                "", "", "", 0, 0, 0, "", FilePacket.Streaming.stmNone, 0, FilePacket.FILE_SENT_ERROR, "", "", null);
    }

    /** A text for the header: no field separator. */
    private static String textField(String text) {
        return text.replace('|', '/');
    }

    private static String reply(String method, String channel, String id) {
        StringBuilder out = new StringBuilder(96).append("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":");
        JsonStrings.appendQuoted(out, method).append(",\"channel\":");
        JsonStrings.appendQuoted(out, channel).append('}');
        if (id != null) {
            JsonStrings.appendQuoted(out.append(",\"id\":"), id);
        }
        return out.append('}').toString();
    }

    private static String error(int code, String message, String id) {
        StringBuilder out = new StringBuilder(96).append("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":");
        out.append(code).append(",\"message\":");
        JsonStrings.appendQuoted(out, message).append('}');
        out.append(",\"id\":");
        if (id == null) {
            out.append("null");
        } else {
            JsonStrings.appendQuoted(out, id);
        }
        return out.append('}').toString();
    }
}
