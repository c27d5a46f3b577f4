package dev.switchboard.protocol.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Checks the names a client gives to files and transfers. A file name must be one plain path element: no
 * separators of any platform, no drive or stream colon, no {@code .} or {@code ..}, no control characters, at most
 * {@link #MAX_NAME_BYTES} bytes of UTF-8. A client that sends a path is refused rather than trimmed to its last
 * element, since an sgc client only ever sends the last element. Linear in the name; no regular expression.
 */
final class FileNames {

    /** The longest file name, in UTF-8 bytes (what common file systems allow). */
    static final int MAX_NAME_BYTES = 255;

    /** The longest transfer id, in characters. */
    static final int MAX_ID_LENGTH = 128;

    private FileNames() {}

    /**
     * Why a file name is refused.
     *
     * @param name the client's file name
     * @return the reason, or null when the name is acceptable
     */
    static String refusal(String name) {
        if (name.isEmpty()) {
            return "the file name is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "the file name must not be . or ..";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "the file name must not contain a path separator";
            }
            if (c == ':') {
                return "the file name must not contain ':'";
            }
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return "the file name must not contain control characters";
            }
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return "the file name is longer than " + MAX_NAME_BYTES + " bytes";
        }
        return null;
    }

    /**
     * Why a transfer id is refused.
     *
     * @param id the client's FileId
     * @return the reason, or null when the id is acceptable
     */
    static String idRefusal(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return "the FileId must have 1 to " + MAX_ID_LENGTH + " characters";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "the FileId must not contain control characters";
            }
        }
        return null;
    }

    /**
     * Resolves a spool file name under the spool directory and checks that it stays there, with real paths, so a
     * link or an unexpected name cannot lead out.
     *
     * @param spoolDirectory the spool directory, which exists
     * @param fileName       a name this class made
     * @return the path
     * @throws IOException when the path would leave the directory
     */
    static Path underSpool(Path spoolDirectory, String fileName) throws IOException {
        Path root = spoolDirectory.toRealPath();
        Path resolved = root.resolve(fileName).normalize();
        if (!resolved.getParent().equals(root)) {
            throw new IOException("a spool path left the spool directory: " + fileName);
        }
        return resolved;
    }
}
