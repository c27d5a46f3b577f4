package dev.switchboard.spi;

import dev.switchboard.api.event.FileUploadDecision;
import dev.switchboard.api.event.FileUploadEvent;

/**
 * Decides whether a client's file upload over the Files protocol may proceed. Implementations are CDI beans ordered
 * by {@link jakarta.annotation.Priority @Priority}, lowest first.
 *
 * <p><b>Contract.</b> Called on the uploading connection's inbound thread, once per new upload (not again when an
 * interrupted one resumes), after the protocol's own checks and quotas, for each bean until one rejects; the client
 * is then told {@code file rejected: } and the reason in {@code sgc@file_sent_error}. An exception counts as a
 * rejection and is logged.
 */
public interface FileUploadHandler {

    /**
     * Decides on an upload.
     *
     * @param event the connection and what it announced
     * @return accept or reject
     */
    FileUploadDecision onBeforeFile(FileUploadEvent event);
}
