package dev.switchboard.embedded.files;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At most {@code switchboard.files.max-kept-downloads} interrupted downloads are kept for all users; past it
 * the oldest is dropped and its file closed.
 */
class FilesKeptDownloadsInAllAreBoundedTest {

    static final Path spool = FilesTests.spoolDirectory();

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(ReceivedFiles.class)
            .environmentEntry(ConfigKeys.FILES_SPOOL_DIRECTORY, spool.toString())
            .environmentEntry(ConfigKeys.FILES_MAX_KEPT_DOWNLOADS, "1")
            .environmentEntry(ConfigKeys.AUTH_USERS, PartialDownload.usersFile().toString()));

    @Test
    void theOldestIsDroppedPastTheTotalBound() throws Exception {
        KeptDownloadBounds.theOlderOfTwoInterruptedDownloadsIsDropped(node, spool);
    }
}
